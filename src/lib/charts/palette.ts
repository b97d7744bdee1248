/** Colours of the indicator charts: arms in Okabe–Ito blue and orange, distinct for the colour-blind. */
import type { Arm } from '$lib/stats/indicators/types';

export const ARM_COLOURS: Record<Arm, string> = { project: '#0072B2', comparison: '#D55E00' };

/** Band colours, from the best band to the worst (a scale's bands are ordered low → high). */
export const BAND_COLOURS = ['#009E73', '#56B4E9', '#E69F00', '#D55E00', '#CC79A7', '#000000'];
