import { describe, expect, it } from 'vitest';
import { exportQueryString, isExportFile, missingKey, parseExportOptions } from '$lib/exports/options';

const choices = { waveIds: ['w1', 'w2', 'w3'], languages: ['zh-Hans', 'en'] };
const parse = (query: string) => parseExportOptions(new URLSearchParams(query), choices);

describe('export options', () => {
	it('default to every wave, nothing extra, the project’s first language and no key', () => {
		expect(parse('')).toEqual({
			ok: true,
			options: {
				waveIds: ['w1', 'w2', 'w3'],
				includeExcluded: false,
				includeWithdrawn: false,
				panelCodes: false,
				bom: false,
				language: 'zh-Hans',
				key: null
			}
		});
	});

	it('read waves in the project’s order, flags as 1/true/on, a language and a key', () => {
		const parsed = parse('wave=w3&wave=w1&excluded=1&withdrawn=true&bom=on&panel_codes=0&lang=en&key=abcdefghijklmnop');
		expect(parsed).toEqual({
			ok: true,
			options: {
				waveIds: ['w1', 'w3'],
				includeExcluded: true,
				includeWithdrawn: true,
				panelCodes: false,
				bom: true,
				language: 'en',
				key: 'abcdefghijklmnop'
			}
		});
	});

	it.each([
		['wave=w9', 'unknown_wave', 'wave'],
		['excluded=yes', 'invalid_option', 'excluded'],
		['lang=fr', 'invalid_option', 'lang'],
		['key=short', 'invalid_option', 'key'],
		['key=has spaces in it ok', 'invalid_option', 'key'],
		[`key=${'k'.repeat(65)}`, 'invalid_option', 'key']
	])('refuse %s, naming the parameter', (query, code, path) => {
		const parsed = parse(query);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatchObject({ code, path });
	});

	it('require a key for data files only', () => {
		const parsed = parse('');
		if (!parsed.ok) throw new Error('defaults must parse');
		expect(missingKey('long.csv', parsed.options)?.code).toBe('key_required');
		expect(missingKey('scores.csv', parsed.options)?.path).toBe('key');
		expect(missingKey('codebook.csv', parsed.options)).toBeUndefined();
		expect(missingKey('anju.do', parsed.options)).toBeUndefined();
	});

	it('write back to the query they were read from', () => {
		for (const query of ['', 'wave=w2&excluded=1&bom=1&lang=en&key=abcdefghijklmnop', 'withdrawn=1&panel_codes=1']) {
			const parsed = parse(query);
			if (!parsed.ok) throw new Error(query);
			expect(parse(exportQueryString(parsed.options, choices))).toEqual(parsed);
		}
		const all = parse('wave=w1&wave=w2&wave=w3');
		if (all.ok) expect(exportQueryString(all.options, choices)).toBe('');
	});

	it('know their files', () => {
		expect(isExportFile('long.csv')).toBe(true);
		expect(isExportFile('anju.sps')).toBe(true);
		expect(isExportFile('../etc/passwd')).toBe(false);
	});
});
