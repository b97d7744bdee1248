/**
 * One scale's scores inside a filter, gathered in one pass over its instrument's block: by wave and
 * site (for descriptives), band counts, and by person × wave (for panel analyses). Pure.
 */
import { rowIncluded, type IndicatorDataset, type RowFilter } from './dataset';
import type { Arm } from './types';

export interface ScaleObservations {
	waves: number;
	sites: number;
	/** Scores by `wave * sites + site`. */
	scores: number[][];
	/** Band counts by `(wave * sites + site) * bandCount + band`. */
	bandCounts: Int32Array;
	bandCount: number;
	/** Score by `person * waves + wave`, NaN when none. */
	personScore: Float64Array;
	/** Site by `person * waves + wave`, −1 when none. */
	personSite: Int32Array;
}

export function observeScale(dataset: IndicatorDataset, scale: number, filter: RowFilter): ScaleObservations {
	const layout = dataset.layouts[scale]!;
	const block = dataset.blocks[layout.block]!;
	const waves = dataset.waves.length;
	const sites = dataset.sites.length;
	const bandCount = dataset.scales[scale]!.bands.length;
	const scores: number[][] = Array.from({ length: waves * sites }, () => []);
	const bandCounts = new Int32Array(Math.max(1, waves * sites * bandCount));
	const personScore = new Float64Array(dataset.persons * waves).fill(NaN);
	const personSite = new Int32Array(dataset.persons * waves).fill(-1);
	const width = block.scales.length;
	for (let row = 0; row < block.rows; row++) {
		const score = block.scores[row * width + layout.column]!;
		if (Number.isNaN(score) || !rowIncluded(block, row, filter)) continue;
		const wave = block.wave[row]!;
		const site = block.site[row]!;
		const cell = wave * sites + site;
		scores[cell]!.push(score);
		const band = block.bands[row * width + layout.column]!;
		if (band >= 0) bandCounts[cell * bandCount + band]!++;
		const at = block.person[row]! * waves + wave;
		personScore[at] = score;
		personSite[at] = site;
	}
	return { waves, sites, scores, bandCounts, bandCount, personScore, personSite };
}

/** Scores of one arm at one wave: its sites' scores in site order. */
export function armScores(dataset: IndicatorDataset, observed: ScaleObservations, wave: number, arm: Arm): number[] {
	const out: number[] = [];
	dataset.sites.forEach((site, index) => {
		if (site.arm === arm) for (const score of observed.scores[wave * observed.sites + index]!) out.push(score);
	});
	return out;
}

/** Band counts of a set of sites at one wave. */
export function bandCountsOf(observed: ScaleObservations, wave: number, siteIndices: readonly number[]): number[] {
	const counts = new Array<number>(observed.bandCount).fill(0);
	for (const site of siteIndices) {
		const cell = wave * observed.sites + site;
		for (let band = 0; band < observed.bandCount; band++) counts[band]! += observed.bandCounts[cell * observed.bandCount + band]!;
	}
	return counts;
}

/** Sites of an arm (indices) that have at least one score at one of the given waves. */
export function sitesWithScores(dataset: IndicatorDataset, observed: ScaleObservations, arm: Arm, waves: readonly number[]): number {
	return dataset.sites.filter(
		(site, index) => site.arm === arm && waves.some((wave) => observed.scores[wave * observed.sites + index]!.length > 0)
	).length;
}

/** Pairs of (baseline, wave) scores of persons scored at both, by the arm of their baseline site. */
export function panelPairs(
	dataset: IndicatorDataset,
	observed: ScaleObservations,
	wave: number,
	arm: Arm
): { pre: number[]; post: number[] } {
	const pre: number[] = [];
	const post: number[] = [];
	const waves = observed.waves;
	for (let person = 0; person < dataset.persons; person++) {
		const base = person * waves + dataset.baseline;
		const site = observed.personSite[base]!;
		if (site < 0 || dataset.sites[site]!.arm !== arm) continue;
		const later = observed.personScore[person * waves + wave]!;
		if (Number.isNaN(later)) continue;
		pre.push(observed.personScore[base]!);
		post.push(later);
	}
	return { pre, post };
}
