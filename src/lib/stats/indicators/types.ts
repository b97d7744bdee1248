/**
 * The indicator set: every statistic of one project (optionally one site or one subgroup), in the
 * stable shape the JSON API serves (`GET /api/projects/{slug}/indicators`, documented in
 * static/openapi/indicators.yaml) and the dashboard reads. Pure data: every statistic carries its
 * n, a `caution` flag below 10 and `null` figures with a `reason` below n = 2 (see ../types.ts).
 */
import type { Band, LocalizedText } from '$lib/instruments/types';
import type { Descriptives } from '../descriptives';
import type { CrossSectionDid, PanelDid } from '../did';
import type { StandardizedInterval } from '../effect-intervals';
import type { Proportion } from '../proportions';
import type { CronbachAlpha } from '../reliability';
import type { Retention } from '../retention';
import type { HedgesG, PairedTest, WelchTest } from '../tests';

export type Arm = 'project' | 'comparison';
export const ARMS: readonly Arm[] = ['project', 'comparison'];

/** Version of the JSON shape; bumped only on a breaking change. */
export const INDICATOR_SCHEMA = 'anju.indicators/1';

export interface WaveInfo {
	id: string;
	name: string;
	kind: 'baseline' | 'follow-up';
	order: number;
	/** The wave every change is measured from. */
	isBaseline: boolean;
}

export interface SiteInfo {
	id: string;
	name: string;
	arm: Arm;
	region: string | null;
	targetPerWave: number;
}

export interface ScaleInfo {
	/** The scale's key, or `instrument.scale` when two instruments of the project share a scale key. */
	id: string;
	instrument: string;
	key: string;
	label: LocalizedText;
	description: LocalizedText | null;
	method: 'mean' | 'sum';
	higherIsBetter: boolean;
	items: string[];
	/** Lowest and highest possible score (after any transform); `null` when an item has no bounds. */
	range: { min: number; max: number } | null;
	/** Threshold bands on the raw metric, as the instrument defines them. */
	bands: Band[];
	/** Scores are reported after this transform (`score = raw × multiply + add`); bands are on raw. */
	transform: { multiply: number; add: number } | null;
}

/** Descriptives of one group with its share in each band and its distribution. */
export interface GroupSummary extends Descriptives {
	/** One entry per band of the scale, in order (empty when the scale has none). */
	bands: Array<Proportion & { key: string }>;
}

/** Distinct score values with their counts, ascending: the histogram's raw material. */
export interface ValueCount {
	value: number;
	count: number;
}

export interface WaveSummary {
	waveId: string;
	arms: Record<Arm, GroupSummary>;
	/** Per site (in the project's site order), only sites inside the filter. */
	sites: Array<{ siteId: string } & GroupSummary>;
	distribution: Record<Arm, ValueCount[]>;
}

/** Change from baseline to one follow-up wave within one arm. */
export interface ArmChange {
	/** Repeated cross-sections: Welch `t.test(wave, baseline)` and Hedges' g (wave − baseline). */
	unpaired: WelchTest;
	hedgesG: HedgesG & { interval: StandardizedInterval };
	/** Respondents scored at both waves (arm of their baseline site): paired t and d_z. */
	paired: PairedTest & { interval: StandardizedInterval };
}

export interface FollowUp {
	waveId: string;
	arms: Record<Arm, ArmChange>;
	did: { crossSection: CrossSectionDid; panel: PanelDid };
	/** Baseline respondents of each arm scored again at this wave, with the attrition check. */
	retention: Record<Arm, Retention>;
}

export interface ItemMissing {
	item: string;
	/** Responses in which the item was relevant (structural skips excluded). */
	asked: number;
	/** Answered with a substantive code. */
	answered: number;
	/** Answered "don't know / refused". */
	dontKnow: number;
	/** Left unanswered although relevant (including after a break-off). */
	unanswered: number;
	/** (dontKnow + unanswered) / asked with its Wilson interval. */
	missing: Proportion;
	/**
	 * The item has a relevance condition: its skips are recognised only when it was left unanswered,
	 * so an unanswered relevant occurrence counts as a skip, not as missing.
	 */
	conditional: boolean;
}

export interface WaveItems {
	waveId: string;
	alpha: CronbachAlpha;
	/** Responses to the instrument at this wave, and how many gave this scale a score. */
	responses: number;
	scored: number;
	items: ItemMissing[];
}

export interface ScaleIndicators {
	scale: ScaleInfo;
	waves: WaveSummary[];
	/** One entry per follow-up wave (after the baseline), in wave order. */
	followUps: FollowUp[];
	reliability: WaveItems[];
}

export interface ResponseCount {
	siteId: string;
	waveId: string;
	/** Distinct respondents with at least one counted response at this site and wave. */
	respondents: number;
	target: number;
	/** respondents / target; `null` when the target is 0. */
	share: number | null;
}

export interface SubgroupOption {
	item: string;
	instrument: string;
	prompt: LocalizedText;
	options: Array<{ code: number; label: LocalizedText }>;
}

export interface IndicatorFilter {
	/** Only responses given at this site. */
	siteId: string | null;
	/** Only respondents whose answer to `item` (at their first wave answering it) is `code`. */
	subgroup: { item: string; code: number } | null;
}

export interface IndicatorSet {
	schema: typeof INDICATOR_SCHEMA;
	project: { slug: string; name: string; dataVersion: number };
	filter: IndicatorFilter;
	/** Respondents (persons: merged codes count once) inside the filter. */
	respondents: number;
	arms: readonly Arm[];
	waves: WaveInfo[];
	sites: SiteInfo[];
	scales: ScaleIndicators[];
	responseCounts: ResponseCount[];
	/** Single-choice background items the set can be split by (`?subgroup=item:code`). */
	subgroups: SubgroupOption[];
	/** Plain-language caveats that apply to every difference-in-differences. */
	caveats: Array<'residents-independent'>;
}
