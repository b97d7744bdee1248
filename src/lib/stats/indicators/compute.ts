/**
 * The whole indicator set of one project from its dataset, inside a filter (site, subgroup). Pure:
 * the server reads the dataset once per data version and calls this per filter.
 */
import { rowsByWave, type IndicatorDataset, type RowFilter } from './dataset';
import { followUps } from './follow-ups';
import { waveItems } from './items';
import { observeScale } from './observations';
import { countRespondents, responseCounts, subgroupMask } from './respondents';
import { ARMS, INDICATOR_SCHEMA, type IndicatorFilter, type IndicatorSet } from './types';
import { waveSummaries } from './wave-summaries';

export interface ProjectInfo {
	slug: string;
	name: string;
	dataVersion: number;
}

/** Why a filter cannot be applied: names the parameter at fault. */
export class IndicatorFilterError extends Error {
	constructor(
		readonly parameter: 'site' | 'subgroup',
		message: string
	) {
		super(message);
	}
}

/** The row filter for a filter given by ids; throws IndicatorFilterError for an unknown site or item. */
export function resolveFilter(dataset: IndicatorDataset, filter: IndicatorFilter): RowFilter {
	const site = filter.siteId === null ? -1 : dataset.sites.findIndex((s) => s.id === filter.siteId);
	if (site < 0 && filter.siteId !== null) throw new IndicatorFilterError('site', `no site '${filter.siteId}' in this project`);
	let persons: Uint8Array | null = null;
	if (filter.subgroup) {
		const option = dataset.subgroups.find((s) => s.item === filter.subgroup!.item);
		if (!option)
			throw new IndicatorFilterError('subgroup', `'${filter.subgroup.item}' is not a background single-choice item of this project`);
		persons = subgroupMask(dataset, filter.subgroup.item, filter.subgroup.code) ?? new Uint8Array(dataset.persons);
	}
	return { site, persons };
}

export function computeIndicatorSet(dataset: IndicatorDataset, project: ProjectInfo, filter: IndicatorFilter): IndicatorSet {
	const steps = indicatorSetSteps(dataset, project, filter);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/**
 * `computeIndicatorSet` in steps: the generator pauses after each scale (tens of milliseconds for
 * 10,000 respondents), so that a server can take other requests between them.
 */
export function* indicatorSetSteps(
	dataset: IndicatorDataset,
	project: ProjectInfo,
	filter: IndicatorFilter
): Generator<void, IndicatorSet> {
	const rows = resolveFilter(dataset, filter);
	const includedSites = dataset.sites.flatMap((_, index) => (rows.site < 0 || rows.site === index ? [index] : []));
	const byWave = dataset.blocks.map((block) => rowsByWave(block, dataset.waves.length));
	const scales: IndicatorSet['scales'] = [];
	for (const [index, scale] of dataset.scales.entries()) {
		const observed = observeScale(dataset, index, rows);
		scales.push({
			scale,
			waves: waveSummaries(dataset, index, observed, includedSites),
			followUps: followUps(dataset, observed),
			reliability: waveItems(dataset, index, rows, byWave[dataset.layouts[index]!.block]!)
		});
		yield;
	}
	return {
		schema: INDICATOR_SCHEMA,
		project,
		filter,
		respondents: countRespondents(dataset, rows),
		arms: ARMS,
		waves: dataset.waves,
		sites: dataset.sites,
		scales,
		responseCounts: responseCounts(dataset, rows, includedSites),
		subgroups: dataset.subgroups,
		caveats: ['residents-independent']
	};
}
