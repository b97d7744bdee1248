import { describe, expect, it } from 'vitest';
import { parseNumber, unpackAnswers } from '$lib/server/exports/packed-answers';
import type { ExportAnswer } from '$lib/exports/records';

describe('packed answers', () => {
	it('unpack numbers, missing numbers and answers that also have text', () => {
		const waiting: ExportAnswer[] = [];
		const answers = unpackAnswers('bscs_1=4.0 hours=2.5 part_types=3= other== neg=-2.0 tiny=1.0e-07 blank=', waiting);
		expect(answers).toEqual([
			{ item_key: 'bscs_1', value_num: 4, value_text: null },
			{ item_key: 'hours', value_num: 2.5, value_text: null },
			{ item_key: 'part_types', value_num: 3, value_text: '' },
			{ item_key: 'other', value_num: null, value_text: '' },
			{ item_key: 'neg', value_num: -2, value_text: null },
			{ item_key: 'tiny', value_num: 1e-7, value_text: null },
			{ item_key: 'blank', value_num: null, value_text: null }
		]);
		expect(waiting.map((a) => a.item_key)).toEqual(['part_types', 'other']);
	});

	it('unpack nothing from no answers', () => {
		expect(unpackAnswers(null, [])).toEqual([]);
		expect(unpackAnswers('', [])).toEqual([]);
	});

	it.each([
		['4', 4],
		['4.0', 4],
		['2016.0', 2016],
		['-3', -3],
		['0.30000000000000004', 0.30000000000000004],
		['0.33333333333333332', 1 / 3],
		['4.5', 4.5],
		['1.0e+20', 1e20],
		['-', NaN],
		['9007199254740993.0', 9007199254740992]
	])('read %s as the same double', (text, value) => {
		expect(parseNumber(`x${text}y`, 1, text.length + 1)).toBe(value);
	});
});
