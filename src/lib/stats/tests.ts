/**
 * Change from baseline: Welch's t-test (`t.test(x, y)`), the paired t-test
 * (`t.test(post, pre, paired = TRUE)`) with d_z, and Hedges' g.
 */
import { tCritical95, twoSidedP } from './distributions';
import { assertFinite, finiteOrNull, isEssentiallyZero, mean, variance } from './numeric';
import { CAUTION_N, MIN_INFERENTIAL_N, type NullReason, type ResultFlags, type TInference } from './types';

const NO_INFERENCE: TInference = { se: null, t: null, df: null, p: null, ci: null };

/** Welch's test of x against y (x − y); for change from baseline x is the later wave. */
export interface WelchTest extends ResultFlags, TInference {
	nX: number;
	nY: number;
	meanX: number | null;
	meanY: number | null;
	/** meanX − meanY; `null` when either group is empty. */
	difference: number | null;
}

/**
 * `t.test(x, y)` (Welch, unequal variances): t, Welch–Satterthwaite df, two-sided p, 95% CI of
 * meanX − meanY. `n` is nX + nY; `caution` when either group is below 10; no inference when either
 * group has fewer than 2 values or both are constant.
 */
export function welchTTest(x: readonly number[], y: readonly number[]): WelchTest {
	assertFinite(x, 'x');
	assertFinite(y, 'y');
	const nX = x.length;
	const nY = y.length;
	const base = { n: nX + nY, nX, nY, caution: Math.min(nX, nY) < CAUTION_N };
	const meanX = nX > 0 ? mean(x) : null;
	const meanY = nY > 0 ? mean(y) : null;
	if (meanX === null || meanY === null) {
		return { ...base, reason: 'empty', meanX, meanY, difference: null, ...NO_INFERENCE };
	}
	const difference = meanX - meanY;
	const described = { ...base, meanX, meanY, difference };
	if (Math.min(nX, nY) < MIN_INFERENTIAL_N) return { ...described, reason: 'n-below-2', ...NO_INFERENCE };

	const squaredSeX = variance(x, meanX) / nX;
	const squaredSeY = variance(y, meanY) / nY;
	const se = Math.sqrt(squaredSeX + squaredSeY);
	if (isEssentiallyZero(se, meanX, meanY)) return { ...described, reason: 'zero-variance', ...NO_INFERENCE };
	// Welch–Satterthwaite df = se⁴ / (seX⁴/(nX − 1) + seY⁴/(nY − 1)), written with shares of se² so no power overflows.
	const shareX = squaredSeX / (squaredSeX + squaredSeY);
	const shareY = squaredSeY / (squaredSeX + squaredSeY);
	const df = 1 / (shareX ** 2 / (nX - 1) + shareY ** 2 / (nY - 1));
	return { ...described, ...tInference(difference, se, df) };
}

/** The paired test of post against pre (post − pre per respondent). */
export interface PairedTest extends ResultFlags, TInference {
	/** Mean of post − pre; `null` when there are no pairs. */
	meanDifference: number | null;
	/** SD of post − pre (n − 1). */
	sdDifference: number | null;
	/** Standardized mean change, mean(diff) / sd(diff). */
	dz: number | null;
}

/**
 * `t.test(post, pre, paired = TRUE)` with d_z = mean(diff) / sd(diff). `post[i]` and `pre[i]` are the
 * same respondent; `n` counts pairs. No inference below 2 pairs or when every difference is equal.
 */
export function pairedTTest(post: readonly number[], pre: readonly number[]): PairedTest {
	if (post.length !== pre.length) throw new RangeError(`paired samples differ in length: ${post.length} vs ${pre.length}`);
	assertFinite(post, 'post');
	assertFinite(pre, 'pre');
	const differences = post.map((value, i) => value - pre[i]!);
	const n = differences.length;
	const base = { n, caution: n < CAUTION_N };
	if (n === 0) return { ...base, reason: 'empty', meanDifference: null, sdDifference: null, dz: null, ...NO_INFERENCE };
	const meanDifference = mean(differences);
	if (n < MIN_INFERENTIAL_N) return { ...base, reason: 'n-below-2', meanDifference, sdDifference: null, dz: null, ...NO_INFERENCE };

	const sdDifference = Math.sqrt(variance(differences, meanDifference));
	const se = sdDifference / Math.sqrt(n);
	const described = { ...base, meanDifference, sdDifference };
	if (isEssentiallyZero(se, meanDifference)) return { ...described, reason: 'zero-variance', dz: null, ...NO_INFERENCE };
	return { ...described, dz: finiteOrNull(meanDifference / sdDifference), ...tInference(meanDifference, se, n - 1) };
}

/** Hedges' g of x against y. */
export interface HedgesG extends ResultFlags {
	nX: number;
	nY: number;
	/** `sqrt(((nX − 1)·sX² + (nY − 1)·sY²) / (nX + nY − 2))`. */
	pooledSd: number | null;
	/** Cohen's d = (meanX − meanY) / pooledSd. */
	d: number | null;
	/** Small-sample correction J = 1 − 3 / (4(nX + nY) − 9). */
	j: number | null;
	/** g = J · d. */
	g: number | null;
}

/**
 * Hedges' g on the pooled SD `sqrt(((n1−1)s1² + (n2−1)s2²) / (n1+n2−2))` with J = 1 − 3/(4(n1+n2)−9).
 * Each group needs at least 2 values; `null` with `zero-variance` when the pooled SD is (essentially) 0.
 */
export function hedgesG(x: readonly number[], y: readonly number[]): HedgesG {
	assertFinite(x, 'x');
	assertFinite(y, 'y');
	const nX = x.length;
	const nY = y.length;
	const base = { n: nX + nY, nX, nY, caution: Math.min(nX, nY) < CAUTION_N };
	const none = (reason: NullReason): HedgesG => ({ ...base, reason, pooledSd: null, d: null, j: null, g: null });
	if (nX === 0 || nY === 0) return none('empty');
	if (Math.min(nX, nY) < MIN_INFERENTIAL_N) return none('n-below-2');

	const meanX = mean(x);
	const meanY = mean(y);
	const pooledSd = Math.sqrt(((nX - 1) * variance(x, meanX) + (nY - 1) * variance(y, meanY)) / (nX + nY - 2));
	if (isEssentiallyZero(pooledSd, meanX, meanY)) return none('zero-variance');
	const d = (meanX - meanY) / pooledSd;
	const j = 1 - 3 / (4 * (nX + nY) - 9);
	return { ...base, reason: null, pooledSd, d, j, g: j * d };
}

/**
 * t, two-sided p and 95% CI of an estimate with standard error `se` > 0 on `df` degrees of freedom,
 * computed as R's `t.test` and `confint.lm` do. Shared by the t-tests and the DiD.
 */
export function tInference(estimate: number, se: number, df: number): TInference & { reason: NullReason | null } {
	const t = estimate / se;
	const halfWidth = tCritical95(df) * se;
	const figures = [se, t, df, twoSidedP(t, df), estimate - halfWidth, estimate + halfWidth].map(finiteOrNull);
	const [seOut, tOut, dfOut, p, lower, upper] = figures;
	if (figures.some((value) => value === null)) return { reason: 'zero-variance', ...NO_INFERENCE };
	return { reason: null, se: seOut!, t: tOut!, df: dfOut!, p: p!, ci: { lower: lower!, upper: upper! } };
}
