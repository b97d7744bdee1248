import { describe, expect, it } from 'vitest';
import { describeScores, median, quantile } from '$lib/stats/descriptives';
import reference from '../../fixtures/stats/descriptives.json';
import { expectClose, expectCloseInterval } from '../../fixtures/stats/reference';

describe(`describeScores against ${reference.r}`, () => {
	it.each(reference.cases)('$name: n, mean, SD, SE, CI, median, quartiles, IQR', ({ x, expected }) => {
		const result = describeScores(x);
		expect(result.n).toBe(expected.n);
		expectClose(result.mean, expected.mean, 'mean');
		expectClose(result.median, expected.median, 'median');
		expectClose(result.q1, expected.q1, 'q1');
		expectClose(result.q3, expected.q3, 'q3');
		expectClose(result.iqr, expected.iqr, 'iqr');
		expectClose(quantile(x, 0.25), expected.q1, 'quantile(x, .25)');
		expectClose(median(x), expected.median, 'median(x)');
		if ('sd' in expected) {
			expectClose(result.sd, expected.sd!, 'sd');
			expectClose(result.se, expected.se!, 'se');
			expectCloseInterval(result.ci, expected.ci!);
			expect(result.reason).toBeNull();
		} else {
			expect(result).toMatchObject({ sd: null, se: null, ci: null, reason: 'n-below-2' });
		}
		expect(result.caution).toBe(expected.n < 10);
	});

	it('gives quantiles at the ends and rejects probabilities outside [0, 1]', () => {
		expect(quantile([5, 1, 3], 0)).toBe(1);
		expect(quantile([5, 1, 3], 1)).toBe(5);
		expect(quantile([], 0.5)).toBeNull();
		expect(() => quantile([1], 1.5)).toThrow(RangeError);
	});

	it('does not reorder its input', () => {
		const x = [3, 1, 2];
		describeScores(x);
		expect(x).toEqual([3, 1, 2]);
	});
});

describe('describeScores on degenerate input', () => {
	it('gives nothing but n for an empty wave', () => {
		expect(describeScores([])).toEqual({
			n: 0,
			caution: true,
			reason: 'empty',
			mean: null,
			sd: null,
			se: null,
			ci: null,
			median: null,
			q1: null,
			q3: null,
			iqr: null
		});
	});

	it('gives a zero SD and a zero-width CI when every value is equal', () => {
		const result = describeScores([0.1, 0.1, 0.1, 0.1]);
		expect(result).toMatchObject({ n: 4, sd: 0, se: 0, iqr: 0, reason: null });
		expect(result.ci).toEqual({ lower: result.mean, upper: result.mean });
	});

	it('throws on a NaN score: missing scores are filtered out before', () => {
		expect(() => describeScores([1, Number.NaN])).toThrow(/values\[1\]/);
	});
});
