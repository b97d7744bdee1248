/**
 * The few distribution functions the statistics need, from stdlib (not hand-written approximations).
 * Names follow R: `pt`, `qt`, `qnorm`.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/** Two-sided p-value of a t statistic, `2 · pt(−|t|, df)` as in R's `t.test`. */
export function twoSidedP(t: number, df: number): number {
	return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** `qt(.975, df)`: the multiplier of a two-sided 95% t interval. */
export function tCritical95(df: number): number {
	return tQuantile(0.975, df);
}

/** `qnorm(.975)`: the multiplier of a two-sided 95% normal interval. */
export const Z_CRITICAL_95 = normalQuantile(0.975, 0, 1);
