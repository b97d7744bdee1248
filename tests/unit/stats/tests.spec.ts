import { describe, expect, it } from 'vitest';
import { hedgesG, pairedTTest, welchTTest } from '$lib/stats/tests';
import reference from '../../fixtures/stats/ttests.json';
import { expectClose, expectCloseInterval, expectCloseP } from '../../fixtures/stats/reference';

describe(`welchTTest and hedgesG against ${reference.r}`, () => {
	it.each(reference.cases)('$name: $welch.call', ({ x, y, welch }) => {
		const result = welchTTest(x, y);
		expectClose(result.difference, welch.estimate, 'difference');
		expectClose(result.se, welch.se, 'se');
		expectClose(result.t, welch.t, 't');
		expectClose(result.df, welch.df, 'df');
		expectCloseP(result.p, welch.p);
		expectCloseInterval(result.ci, welch.ci);
		expect(result).toMatchObject({ n: x.length + y.length, nX: x.length, nY: y.length, reason: null });
	});

	it.each(reference.cases)("$name: Hedges' g", ({ x, y, hedges }) => {
		const result = hedgesG(x, y);
		expectClose(result.pooledSd, hedges.pooledSd, 'pooledSd');
		expectClose(result.d, hedges.d, 'd');
		expectClose(result.j, hedges.j, 'j');
		expectClose(result.g, hedges.g, 'g');
	});

	it('flags caution when either group is below 10', () => {
		expect(welchTTest([1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).caution).toBe(true);
		expect(welchTTest([...Array(10).keys()], [...Array(12).keys()]).caution).toBe(false);
	});
});

describe(`pairedTTest against ${reference.r}`, () => {
	const pairedCases = reference.cases.filter((c) => 'paired' in c);

	it('covers the sleep data and a larger panel', () => {
		expect(pairedCases.map((c) => c.name)).toEqual(['sleep', 'paired_40']);
	});

	it.each(pairedCases)('$name: $paired.call', ({ x, y, paired }) => {
		const result = pairedTTest(x, y);
		expectClose(result.meanDifference, paired!.estimate, 'meanDifference');
		expectClose(result.sdDifference, paired!.sdDifference, 'sdDifference');
		expectClose(result.se, paired!.se, 'se');
		expectClose(result.t, paired!.t, 't');
		expect(result.df).toBe(paired!.df);
		expectCloseP(result.p, paired!.p);
		expectCloseInterval(result.ci, paired!.ci);
		expectClose(result.dz, paired!.dz, 'dz');
		expect(result).toMatchObject({ n: x.length, reason: null, caution: x.length < 10 });
	});

	it('refuses samples of different length', () => {
		expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
	});
});

describe('t-tests on degenerate input', () => {
	it('gives no t when every value is equal (R: "data are essentially constant")', () => {
		expect(welchTTest([3, 3, 3], [3, 3])).toMatchObject({ difference: 0, t: null, p: null, ci: null, reason: 'zero-variance' });
		expect(welchTTest([0.1, 0.1, 0.1], [0.2, 0.2])).toMatchObject({ t: null, reason: 'zero-variance' });
		expect(hedgesG([2, 2], [1, 1])).toMatchObject({ g: null, reason: 'zero-variance' });
		expect(pairedTTest([2, 3, 4], [1, 2, 3])).toMatchObject({
			meanDifference: 1,
			sdDifference: 0,
			t: null,
			dz: null,
			reason: 'zero-variance'
		});
		expect(pairedTTest([1, 2], [1, 2])).toMatchObject({ meanDifference: 0, t: null, reason: 'zero-variance' });
	});

	it('still tests when only one group is constant', () => {
		const result = welchTTest([3, 3, 3], [1, 2, 4]);
		expect(result.reason).toBeNull();
		expect(result.df).toBe(2);
	});

	it('gives the mean difference but no inference with one value in a group', () => {
		expect(welchTTest([4], [1, 2, 3])).toMatchObject({
			difference: 2,
			se: null,
			t: null,
			df: null,
			p: null,
			ci: null,
			reason: 'n-below-2'
		});
		expect(hedgesG([4], [1, 2, 3])).toMatchObject({ g: null, reason: 'n-below-2' });
		expect(pairedTTest([4], [1])).toMatchObject({ n: 1, meanDifference: 3, t: null, dz: null, reason: 'n-below-2' });
	});

	it('gives nothing but n for an empty group', () => {
		expect(welchTTest([], [1, 2])).toMatchObject({ n: 2, nX: 0, meanX: null, meanY: 1.5, difference: null, reason: 'empty' });
		expect(hedgesG([1, 2], [])).toMatchObject({ reason: 'empty', g: null });
		expect(pairedTTest([], [])).toMatchObject({ n: 0, meanDifference: null, reason: 'empty' });
	});
});
