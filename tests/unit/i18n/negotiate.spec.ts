import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '$lib/i18n/negotiate';

// The UI's locales, as in src/lib/i18n/project.inlang/settings.json.
const LOCALES = ['en', 'zh-Hans'] as const;
const negotiate = (header: string | null) => negotiateLocale(header, LOCALES);

describe('negotiateLocale', () => {
	it.each([
		['zh-CN', 'zh-Hans'],
		['zh-Hans-CN', 'zh-Hans'],
		['zh-TW', 'zh-Hans'],
		['zh-HK', 'zh-Hans'],
		['zh', 'zh-Hans'],
		['zh-Hans', 'zh-Hans'],
		['ZH-hans', 'zh-Hans']
	])('maps any Chinese tag to Simplified Chinese: %s → %s', (header, expected) => {
		expect(negotiate(header)).toBe(expected);
	});

	it.each([
		['en', 'en'],
		['en-US', 'en'],
		['en-GB,en;q=0.9', 'en'],
		['EN-us', 'en']
	])('maps English tags to en: %s → %s', (header, expected) => {
		expect(negotiate(header)).toBe(expected);
	});

	it('orders by quality, not by position in the header', () => {
		expect(negotiate('zh;q=0.9,en;q=0.8')).toBe('zh-Hans');
		expect(negotiate('en;q=0.8,zh;q=0.9')).toBe('zh-Hans');
		expect(negotiate('zh;q=0.8,en;q=0.9')).toBe('en');
		expect(negotiate('zh-CN;q=0.5, en-US')).toBe('en');
		expect(negotiate('fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.7')).toBe('zh-Hans');
	});

	it('keeps header order between equal qualities', () => {
		expect(negotiate('en,zh')).toBe('en');
		expect(negotiate('zh,en')).toBe('zh-Hans');
		expect(negotiate('en;q=0.5,zh;q=0.5')).toBe('en');
	});

	it('skips languages the UI does not have', () => {
		expect(negotiate('fr')).toBeUndefined();
		expect(negotiate('fr-FR,fr;q=0.9,de;q=0.8')).toBeUndefined();
		expect(negotiate('fr,en;q=0.5')).toBe('en');
	});

	it('excludes languages with q=0', () => {
		expect(negotiate('zh;q=0,en')).toBe('en');
		expect(negotiate('en;q=0')).toBeUndefined();
		expect(negotiate('zh-CN;q=0.000, en;q=0.1')).toBe('en');
	});

	it('returns undefined without a header', () => {
		expect(negotiate(null)).toBeUndefined();
		expect(negotiate('')).toBeUndefined();
	});

	it.each([',,,', ';;;', ';q=1', '=', 'q=0.5', ' , ; , ', 'en;q=abc', 'en;q=', '*'])(
		'does not throw on a malformed header: %j',
		(header) => {
			expect(negotiate(header)).toBeUndefined();
		}
	);

	it('uses the well-formed parts of a malformed header', () => {
		expect(negotiate(',,en-GB;;,')).toBe('en');
		expect(negotiate('en;q=abc, zh;q=0.1')).toBe('zh-Hans');
		expect(negotiate('  zh-CN ; q=0.9 ,\ten ; q=0.8')).toBe('zh-Hans');
	});
});
