/**
 * Per wave × arm summaries: n, mean, SD, SE, t-based 95% CI, median and IQR (R's default quantile type 7).
 */
import { tCritical95 } from './distributions';
import { assertFinite, mean, variance } from './numeric';
import { CAUTION_N, MIN_INFERENTIAL_N, type Interval, type ResultFlags } from './types';

export interface Descriptives extends ResultFlags {
	mean: number | null;
	/** Sample SD, denominator n − 1 (R's `sd`). */
	sd: number | null;
	/** `sd / √n`. */
	se: number | null;
	/** `mean ± qt(.975, n − 1) · se`, as `t.test(x)$conf.int`. Zero width when all values are equal. */
	ci: Interval | null;
	/** R's `median(x)`. */
	median: number | null;
	/** First and third quartiles, `quantile(x, c(.25, .75))` (type 7). */
	q1: number | null;
	q3: number | null;
	/** `IQR(x)` = q3 − q1. */
	iqr: number | null;
}

/**
 * Describes one set of scores. n = 0 gives all figures `null` (reason `empty`); n = 1 gives mean,
 * median and quartiles but no SD, SE or CI (reason `n-below-2`).
 */
export function describeScores(values: readonly number[]): Descriptives {
	assertFinite(values, 'values');
	const n = values.length;
	const caution = n < CAUTION_N;
	if (n === 0) {
		return { n, caution, reason: 'empty', mean: null, sd: null, se: null, ci: null, median: null, q1: null, q3: null, iqr: null };
	}
	const sorted = sortAscending(values);
	const q1 = quantileOfSorted(sorted, 0.25);
	const q3 = quantileOfSorted(sorted, 0.75);
	const location = { mean: mean(values), median: medianOfSorted(sorted), q1, q3, iqr: q3 - q1 };
	if (n < MIN_INFERENTIAL_N) return { n, caution, reason: 'n-below-2', ...location, sd: null, se: null, ci: null };

	const sd = Math.sqrt(variance(values, location.mean));
	const se = sd / Math.sqrt(n);
	const halfWidth = tCritical95(n - 1) * se;
	const ci = { lower: location.mean - halfWidth, upper: location.mean + halfWidth };
	return { n, caution, reason: null, ...location, sd, se, ci };
}

/** R's `quantile(x, p)` with the default type 7; `null` for an empty array. */
export function quantile(values: readonly number[], p: number): number | null {
	assertFinite(values, 'values');
	if (!(p >= 0 && p <= 1)) throw new RangeError(`probability outside [0, 1]: ${p}`);
	return values.length === 0 ? null : quantileOfSorted(sortAscending(values), p);
}

/** R's `median(x)`; `null` for an empty array. */
export function median(values: readonly number[]): number | null {
	assertFinite(values, 'values');
	return values.length === 0 ? null : medianOfSorted(sortAscending(values));
}

/** Ascending copy; a typed array sorts numerically without a comparator call per pair. */
function sortAscending(values: readonly number[]): Float64Array {
	return Float64Array.from(values).sort();
}

/** Type 7, written as R's `quantile.default` computes it: `(1 − h) · x[lo] + h · x[hi]`. */
function quantileOfSorted(sorted: Float64Array, p: number): number {
	const index = (sorted.length - 1) * p; // zero-based: R's `1 + (n − 1) · p` minus one
	const lo = Math.floor(index);
	const hi = Math.ceil(index);
	const below = sorted[lo]!;
	const above = sorted[hi]!;
	if (!(index > lo) || above === below) return below;
	const h = index - lo;
	return (1 - h) * below + h * above;
}

function medianOfSorted(sorted: Float64Array): number {
	const half = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}
