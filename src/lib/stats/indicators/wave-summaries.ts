/**
 * Per scale × wave: descriptives, band shares with Wilson intervals and the distribution of scores,
 * for each arm and each site inside the filter. Pure.
 */
import { describeScores } from '../descriptives';
import { wilsonInterval } from '../proportions';
import type { IndicatorDataset } from './dataset';
import { armScores, bandCountsOf, type ScaleObservations } from './observations';
import { ARMS, type Arm, type GroupSummary, type ValueCount, type WaveSummary } from './types';

function summarize(scores: number[], bandCounts: number[], bandKeys: readonly string[]): GroupSummary {
	return {
		...describeScores(scores),
		bands: bandKeys.map((key, band) => ({ key, ...wilsonInterval(bandCounts[band]!, scores.length) }))
	};
}

/** Distinct values with their counts, ascending. */
export function distributionOf(scores: readonly number[]): ValueCount[] {
	const sorted = Float64Array.from(scores).sort();
	const out: ValueCount[] = [];
	for (const value of sorted) {
		const last = out[out.length - 1];
		if (last && last.value === value) last.count++;
		else out.push({ value, count: 1 });
	}
	return out;
}

export function waveSummaries(
	dataset: IndicatorDataset,
	scale: number,
	observed: ScaleObservations,
	includedSites: readonly number[]
): WaveSummary[] {
	const bandKeys = dataset.scales[scale]!.bands.map((band) => band.key);
	return dataset.waves.map((wave, w) => {
		const arms = {} as Record<Arm, GroupSummary>;
		const distribution = {} as Record<Arm, ValueCount[]>;
		for (const arm of ARMS) {
			const scores = armScores(dataset, observed, w, arm);
			const armSites = dataset.sites.flatMap((site, index) => (site.arm === arm ? [index] : []));
			arms[arm] = summarize(scores, bandCountsOf(observed, w, armSites), bandKeys);
			distribution[arm] = distributionOf(scores);
		}
		const sites = includedSites.map((index) => ({
			siteId: dataset.sites[index]!.id,
			...summarize(observed.scores[w * observed.sites + index]!, bandCountsOf(observed, w, [index]), bandKeys)
		}));
		return { waveId: wave.id, arms, sites, distribution };
	});
}
