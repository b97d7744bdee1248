import { describe, expect, it } from 'vitest';
import { rString } from '$lib/exports/syntax-r';
import { spssString } from '$lib/exports/syntax-spss';
import { numlist, stataString } from '$lib/exports/syntax-stata';
import { downloadName, truncateBytes, truncateChars, valueSets } from '$lib/exports/syntax-shared';
import type { ExportVariable } from '$lib/exports/variables';

describe('string literals of the syntax files', () => {
	it('R: escapes backslashes, quotes and line breaks, keeps UTF-8', () => {
		expect(rString('say "hi"\\n\n安居')).toBe('"say \\"hi\\"\\\\n\\n安居"');
	});

	it('SPSS: doubles single quotes and splits long text into + pieces', () => {
		expect(spssString("it's")).toBe("'it''s'");
		const long = spssString('安'.repeat(130), '  ');
		expect(long.split('\n')).toEqual([`'${'安'.repeat(60)}'`, `  + '${'安'.repeat(60)}'`, `  + '${'安'.repeat(10)}'`]);
		expect(spssString('')).toBe("''");
	});

	it('Stata: compound quotes, with macro characters escaped', () => {
		expect(stataString('a "quoted" $HOME `x\' word')).toBe('`"a "quoted" \\$HOME \\`x\' word"\'');
	});

	it('Stata numlists join runs', () => {
		expect(numlist([1, 2, 3, 5, 7, 8])).toBe('1/3 5 7/8');
		expect(numlist([4])).toBe('4');
		expect(numlist([])).toBe('');
	});

	it('cut to a byte or character limit at a character boundary', () => {
		expect(truncateBytes('安居乐业', 7)).toBe('安居');
		expect(truncateBytes('abc', 10)).toBe('abc');
		expect(truncateChars('😀😀😀', 2)).toBe('😀😀');
	});

	it('name downloads after the project', () => {
		expect(downloadName('demo', 'wide.csv')).toBe('demo-wide.csv');
		expect(downloadName('demo', 'anju.sps')).toBe('demo.sps');
	});
});

describe('value label sets', () => {
	const variable = (name: string, valueSet: string, label: string): ExportVariable => ({
		name,
		kind: 'item',
		storage: 'code',
		label: { en: name },
		values: [{ code: 1, label: { en: label }, missing: false }],
		valueSet,
		scales: [],
		reverse: false
	});

	it('share one set between variables of one response scale, and keep scales of the same name apart', () => {
		const sets = valueSets([variable('a', 'agree', 'Agree'), variable('b', 'agree', 'Agree'), variable('c', 'agree', 'Yes')], 'en');
		expect(sets.map((s) => [s.name, s.variables.map((v) => v.name)])).toEqual([
			['agree', ['a', 'b']],
			['agree_2', ['c']]
		]);
	});
});
