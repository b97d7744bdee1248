/** Colours of the indicator charts: arms in Okabe–Ito blue and orange, distinct for the colour-blind. */
import type { Arm } from '$lib/stats/indicators/types';

export const ARM_COLOURS: Record<Arm, string> = { project: '#0072B2', comparison: '#D55E00' };

/** Colours from the worst band to the best: orange and yellow to blue and green. */
const WORST_TO_BEST = ['#D55E00', '#E69F00', '#F0E442', '#56B4E9', '#009E73'];

/**
 * A colour per band (bands are ordered low → high on the raw metric): warm for the bands that are
 * worse for residents, cool for the better ones, whichever way the scale points.
 */
export function bandColours(count: number, higherIsBetter: boolean): string[] {
	const picks = Array.from({ length: count }, (_, i) =>
		count === 1 ? WORST_TO_BEST[WORST_TO_BEST.length - 1]! : WORST_TO_BEST[Math.round((i * (WORST_TO_BEST.length - 1)) / (count - 1))]!
	);
	return higherIsBetter ? picks : picks.reverse();
}
