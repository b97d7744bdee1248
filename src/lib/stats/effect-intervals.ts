/**
 * Approximate 95% intervals for standardized effects, for forest plots: the large-sample normal
 * approximations of Hedges & Olkin (1985), as metafor's `escalc(vtype = "LS")` uses them.
 * - Hedges' g of two groups: var(g) = (n1 + n2)/(n1·n2) + g²/(2(n1 + n2));
 * - d_z of n pairs: var(d_z) = 1/n + d_z²/(2n).
 * The interval is `d ± qnorm(.975)·√var`. They are approximations (not R's noncentral-t intervals):
 * the dashboard labels them so.
 */
import { Z_CRITICAL_95 } from './distributions';
import type { Interval } from './types';

/** An approximate interval, or `null` when the effect itself is `null`. */
export type StandardizedInterval = Interval | null;

/** Interval of Hedges' g for groups of n1 and n2. */
export function hedgesGInterval(g: number | null, n1: number, n2: number): StandardizedInterval {
	if (g === null || n1 < 2 || n2 < 2) return null;
	const variance = (n1 + n2) / (n1 * n2) + (g * g) / (2 * (n1 + n2));
	return around(g, variance);
}

/** Interval of d_z for n pairs. */
export function dzInterval(dz: number | null, n: number): StandardizedInterval {
	if (dz === null || n < 2) return null;
	const variance = 1 / n + (dz * dz) / (2 * n);
	return around(dz, variance);
}

function around(estimate: number, variance: number): StandardizedInterval {
	const half = Z_CRITICAL_95 * Math.sqrt(variance);
	const interval = { lower: estimate - half, upper: estimate + half };
	return Number.isFinite(interval.lower) && Number.isFinite(interval.upper) ? interval : null;
}
