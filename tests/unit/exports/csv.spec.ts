import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, FieldCache, LINE_END } from '$lib/exports/csv';
import { ByteChunks, FieldBytes } from '$lib/exports/bytes';

const naughty = createRequire(import.meta.url)('big-list-of-naughty-strings') as string[];

describe('CSV fields', () => {
	it('quote only what RFC 4180 needs quoted, doubling quotes', () => {
		expect(csvField('plain', false)).toBe('plain');
		expect(csvField('a,b', false)).toBe('"a,b"');
		expect(csvField('say "hi"', false)).toBe('"say ""hi"""');
		expect(csvField('two\nlines', false)).toBe('"two\nlines"');
		expect(csvField('中文', false)).toBe('中文');
		expect(csvRecord(['a', '', 'b,c'], false)).toBe(`a,,"b,c"${LINE_END}`);
	});

	it('make formulas inert only for Excel', () => {
		expect(csvField('=SUM(A1)', false)).toBe('=SUM(A1)');
		expect(csvField('=SUM(A1)', true)).toBe("'=SUM(A1)");
		expect(csvField('@cmd', true)).toBe("'@cmd");
	});

	it('read back exactly, the big list of naughty strings included, through every path', () => {
		const values = [...naughty, '', ' ', '"', '""', ',', '\r\n', 'a\rb'];
		const cache = new FieldCache(false);
		const bytes = new FieldBytes(false);
		const out = new ByteChunks(1024);
		let text = '';
		for (const value of values) {
			const line = [csvField(value, false), cache.get(value), cache.id(value), cache.once(value)].join(',') + LINE_END;
			text += line;
			out.bytes(bytes.get(value));
			out.text(`,${cache.id(value)},`);
			out.bytes(bytes.once(value));
			out.text(`,${cache.get(value)}${LINE_END}`);
		}
		const expected = values.map((v) => [v, v, v, v]);
		expect(parse(text, { relax_column_count: false })).toEqual(expected);
		expect(parse(new TextDecoder().decode(out.take()))).toEqual(expected);
		// The same text csv-stringify writes for whole records — except that a lone CR is quoted too
		// (csv-stringify leaves it bare when the record delimiter is CRLF; a reader may take it for a line end).
		const noLoneCr = values.filter((v) => !/\r(?!\n)/.test(v));
		const lines = noLoneCr.map((v) => [v, v, v, v].map((x) => csvField(x, false)).join(',') + LINE_END).join('');
		expect(lines).toBe(
			stringify(
				noLoneCr.map((v) => [v, v, v, v]),
				{ record_delimiter: '\r\n' }
			)
		);
		expect(csvField('a\rb', false)).toBe('"a\rb"');
	});

	it('write ids as they are only when csv-stringify would', () => {
		const cache = new FieldCache(true);
		expect(cache.id('10000000-0000-4000-8000-000000000001')).toBe('10000000-0000-4000-8000-000000000001');
		expect(cache.id('-1')).toBe("'-1");
		expect(cache.id('a,b')).toBe('"a,b"');
	});
});

describe('byte chunks', () => {
	it('gather UTF-8 and grow past their chunk size', () => {
		const out = new ByteChunks(4);
		out.text('安居');
		out.ascii('42');
		out.byte(10);
		expect(out.full()).toBe(true);
		expect(new TextDecoder().decode(out.take())).toBe('安居42\n');
		expect(out.length).toBe(0);
	});
});
