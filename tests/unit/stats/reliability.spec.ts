import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '$lib/stats/reliability';
import reference from '../../fixtures/stats/alpha.json';
import { expectClose } from '../../fixtures/stats/reference';

describe(`cronbachAlpha against ${reference.r}, psych ${reference.psych}`, () => {
	it.each(reference.cases)('$name: $calls.psych', ({ rows, expected }) => {
		const result = cronbachAlpha(rows);
		expectClose(result.alpha, expected.alpha, 'alpha');
		expectClose(result.alpha, expected.alphaByHand, 'alpha by hand');
		expect(result).toMatchObject({ n: expected.n, k: expected.k, incomplete: rows.length - expected.n, reason: null });
	});

	it('treats NaN like null and flags caution below 10 complete cases', () => {
		const rows = reference.cases[0]!.rows.map((row) => row.map((value) => value ?? Number.NaN));
		expect(cronbachAlpha(rows)).toMatchObject({ n: 12, incomplete: 2, caution: false });
		expect(cronbachAlpha(rows.slice(0, 9)).caution).toBe(true);
	});

	it('can be negative, as psych gives it', () => {
		expect(
			cronbachAlpha([
				[1, 3],
				[2, 2],
				[3, 1],
				[2, 3]
			]).alpha
		).toBeLessThan(0);
	});
});

describe('cronbachAlpha on degenerate input', () => {
	it('needs 2 items, 2 complete cases and a varying total', () => {
		expect(cronbachAlpha([[1], [2]])).toMatchObject({ k: 1, alpha: null, reason: 'too-few-items' });
		expect(cronbachAlpha([], 5)).toMatchObject({ n: 0, k: 5, alpha: null, reason: 'empty' });
		expect(
			cronbachAlpha([
				[1, null],
				[null, 2]
			])
		).toMatchObject({ n: 0, incomplete: 2, reason: 'empty' });
		expect(cronbachAlpha([[1, 2]])).toMatchObject({ n: 1, alpha: null, reason: 'n-below-2' });
		expect(
			cronbachAlpha([
				[1, 3],
				[3, 1],
				[2, 2]
			])
		).toMatchObject({ alpha: null, reason: 'zero-variance' });
	});

	it('refuses ragged rows', () => {
		expect(() => cronbachAlpha([[1, 2], [1]])).toThrow(/row 1/);
	});
});
