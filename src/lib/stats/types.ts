/**
 * Shapes shared by every statistic. Each result carries its n; figures that cannot be computed are
 * `null` with a `reason`, never NaN or Infinity, so results serialize to JSON as they are.
 */

/** A two-sided 95% confidence interval. */
export interface Interval {
	lower: number;
	upper: number;
}

/**
 * Why a figure is `null`:
 * - `empty`: no observations (in a group or cell);
 * - `n-below-2`: fewer than 2 observations, so no inferential figure is given;
 * - `zero-variance`: the data are (essentially) constant, so t, p or a standardized effect is undefined;
 * - `too-few-items`: Cronbach's alpha needs at least 2 items.
 */
export type NullReason = 'empty' | 'n-below-2' | 'zero-variance' | 'too-few-items';

/** Fields every result has. */
export interface ResultFlags {
	/** Observations the result rests on (pairs for paired tests, complete cases for alpha). */
	n: number;
	/** True below {@link CAUTION_N} observations (in the smallest group): show a visible caution. */
	caution: boolean;
	/** Why some figures are `null`; `null` when all are given. */
	reason: NullReason | null;
}

/** A t statistic with its degrees of freedom, two-sided p and 95% CI of the estimate. */
export interface TInference {
	/** Standard error of the estimate. */
	se: number | null;
	t: number | null;
	df: number | null;
	/** Two-sided p-value. */
	p: number | null;
	ci: Interval | null;
}

/** Below this many observations no inferential figure (SE, CI, t, p, effect size) is given. */
export const MIN_INFERENTIAL_N = 2;
/** Below this many observations a result carries `caution: true`. */
export const CAUTION_N = 10;

/** Sites (communities) in each arm, carried by difference-in-differences results beside their caveat. */
export interface SitesPerArm {
	project: number;
	comparison: number;
}

/**
 * Caveats a difference-in-differences result carries for display beside it.
 * `residents-independent`: standard errors treat residents as independent observations; clustering by
 * community is not modelled, so with few sites per arm they are too small.
 */
export type DidCaveat = 'residents-independent';
