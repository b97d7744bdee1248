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

/** Distinct values with their counts, ascending (scores take few distinct values: counted, then sorted). */
export function distributionOf(scores: readonly number[]): ValueCount[] {
	const counts = new Map<number, number>();
	for (let i = 0; i < scores.length; i++) counts.set(scores[i]!, (counts.get(scores[i]!) ?? 0) + 1);
	return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
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
