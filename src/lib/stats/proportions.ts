/**
 * Shares with Wilson score intervals, exactly as R's `prop.test(x, n, correct = FALSE)$conf.int`,
 * and the share of scores in each threshold band of a scale.
 */
import { bandFor } from '$lib/instruments/scoring';
import type { Band } from '$lib/instruments/types';
import { Z_CRITICAL_95 } from './distributions';
import { assertFinite } from './numeric';
import { CAUTION_N, MIN_INFERENTIAL_N, type Interval, type ResultFlags } from './types';

export interface Proportion extends ResultFlags {
	/** Count of "successes" (in the band, retained …); `n` is the denominator. */
	x: number;
	/** x / n; `null` when n = 0. */
	proportion: number | null;
	/** Wilson score interval; `null` below n = 2. */
	ci: Interval | null;
}

/** x of n with its Wilson 95% interval (`prop.test(x, n, correct = FALSE)`, no continuity correction). */
export function wilsonInterval(x: number, n: number): Proportion {
	if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) throw new RangeError(`not a count x of n: ${x} of ${n}`);
	const caution = n < CAUTION_N;
	if (n === 0) return { n, x, caution, reason: 'empty', proportion: null, ci: null };
	const proportion = x / n;
	if (n < MIN_INFERENTIAL_N) return { n, x, caution, reason: 'n-below-2', proportion, ci: null };

	// R's prop.test for one proportion, with YATES = 0; the clamps at 0 and 1 are R's too.
	const z = Z_CRITICAL_95;
	const z22n = (z * z) / (2 * n);
	const centre = proportion + z22n;
	const spread = z * Math.sqrt((proportion * (1 - proportion)) / n + z22n / (2 * n));
	const upper = proportion >= 1 ? 1 : (centre + spread) / (1 + 2 * z22n);
	const lower = proportion <= 0 ? 0 : (centre - spread) / (1 + 2 * z22n);
	return { n, x, caution, reason: null, proportion, ci: { lower: Math.max(lower, 0), upper: Math.min(upper, 1) } };
}

export interface BandShare extends Proportion {
	/** The band's key. */
	key: string;
}

export interface BandShares {
	/** Scores counted. */
	n: number;
	/** One entry per band, in the scale's order. */
	bands: BandShare[];
	/** Scores that fall in no band (gaps between bands). */
	unbanded: number;
}

/**
 * Share of raw scores in each band, bounds inclusive unless `minExclusive` / `maxExclusive`. A score is
 * counted in the band that scoring assigns it (`bandFor`: the first that contains it), so the shares
 * agree with the band stored with each score.
 */
export function bandShares(rawScores: readonly number[], bands: readonly Band[]): BandShares {
	assertFinite(rawScores, 'rawScores');
	const counts = new Map<string, number>();
	const bandList = [...bands];
	let unbanded = 0;
	for (const raw of rawScores) {
		const key = bandFor(bandList, raw);
		if (key === null) unbanded++;
		else counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const n = rawScores.length;
	return { n, unbanded, bands: bands.map((band) => ({ key: band.key, ...wilsonInterval(counts.get(band.key) ?? 0, n) })) };
}
