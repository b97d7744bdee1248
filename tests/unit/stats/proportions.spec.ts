import { describe, expect, it } from 'vitest';
import type { Band } from '$lib/instruments/types';
import { bandShares, wilsonInterval } from '$lib/stats/proportions';
import reference from '../../fixtures/stats/wilson.json';
import { expectClose, expectCloseInterval } from '../../fixtures/stats/reference';

describe(`wilsonInterval against ${reference.r}`, () => {
	it.each(reference.cases)('$call', ({ x, n, expected }) => {
		const result = wilsonInterval(x, n);
		expectClose(result.proportion, expected.estimate, 'proportion');
		expectCloseInterval(result.ci, expected.ci);
		expect(result).toMatchObject({ x, n, caution: n < 10, reason: null });
	});

	it('is exactly 0 and 1 at the ends, as R clamps them', () => {
		expect(wilsonInterval(0, 10).ci?.lower).toBe(0);
		expect(wilsonInterval(10, 10).ci?.upper).toBe(1);
	});

	it('gives no interval below n = 2 and nothing for n = 0', () => {
		expect(wilsonInterval(1, 1)).toEqual({ n: 1, x: 1, caution: true, reason: 'n-below-2', proportion: 1, ci: null });
		expect(wilsonInterval(0, 0)).toEqual({ n: 0, x: 0, caution: true, reason: 'empty', proportion: null, ci: null });
	});

	it('rejects counts that are not x of n', () => {
		expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
		expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
		expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
	});
});

const band = (key: string, bounds: Partial<Band>): Band => ({
	key,
	label: { en: key },
	minExclusive: false,
	maxExclusive: false,
	...bounds
});

describe('bandShares', () => {
	// Low [1, 2.5), middle [2.5, 3.5], high (3.5, 5]; 0.5 lies in no band.
	const bands = [
		band('low', { min: 1, max: 2.5, maxExclusive: true }),
		band('middle', { min: 2.5, max: 3.5 }),
		band('high', { min: 3.5, minExclusive: true, max: 5 })
	];

	it('counts bounds as inclusive unless exclusive, and scores outside every band apart', () => {
		const shares = bandShares([0.5, 1, 2.4, 2.5, 3, 3.5, 3.6, 5, 5, 4], bands);
		expect(shares.n).toBe(10);
		expect(shares.unbanded).toBe(1);
		expect(shares.bands.map(({ key, x }) => [key, x])).toEqual([
			['low', 2],
			['middle', 3],
			['high', 4]
		]);
	});

	it('gives each share with the Wilson interval of prop.test(x, n, correct = FALSE)', () => {
		const scores = [...Array<number>(3).fill(2), ...Array<number>(7).fill(3)];
		const low = bandShares(scores, bands).bands[0]!;
		const r = reference.cases.find((c) => c.x === 3 && c.n === 10)!;
		expectCloseInterval(low.ci, r.expected.ci);
		expect(low).toMatchObject({ key: 'low', x: 3, n: 10, proportion: 0.3, caution: false });
	});

	it('gives every band x = 0 and no proportion for an empty wave', () => {
		const shares = bandShares([], bands);
		expect(shares.bands.every((share) => share.x === 0 && share.proportion === null && share.reason === 'empty')).toBe(true);
	});
});
