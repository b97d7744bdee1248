/**
 * What each dashboard page needs of an indicator set, so a page sends its reader tens of kilobytes
 * rather than the whole set (the JSON API serves that). Pure selectors.
 */
import type { CrossSectionDid, PanelDid } from '../did';
import type { Descriptives } from '../descriptives';
import type { HedgesG, PairedTest, WelchTest } from '../tests';
import type { StandardizedInterval } from '../effect-intervals';
import { ARMS, type Arm, type IndicatorSet, type ScaleIndicators, type ScaleInfo } from './types';

type Mean = Pick<Descriptives, 'n' | 'mean' | 'sd' | 'ci' | 'caution' | 'reason'>;

/** A scale's means by wave and arm and, per follow-up, the change and the DiD: enough for a reading and a chart. */
export interface ScaleTrend {
	scale: ScaleInfo;
	waves: Array<{ waveId: string; arms: Record<Arm, Mean> }>;
	followUps: Array<{
		waveId: string;
		arms: Record<Arm, { unpaired: Pick<WelchTest, 'n' | 'difference' | 'ci' | 'p' | 'caution' | 'reason'> }>;
		did: { crossSection: Pick<CrossSectionDid, 'n' | 'estimate' | 'ci' | 'p' | 'caution' | 'reason' | 'sitesPerArm'> };
	}>;
}

function mean(group: Descriptives): Mean {
	return { n: group.n, mean: group.mean, sd: group.sd, ci: group.ci, caution: group.caution, reason: group.reason };
}

export function trendOf(scale: ScaleIndicators): ScaleTrend {
	return {
		scale: scale.scale,
		waves: scale.waves.map((w) => ({ waveId: w.waveId, arms: mapArms((arm) => mean(w.arms[arm])) })),
		followUps: scale.followUps.map((f) => ({
			waveId: f.waveId,
			arms: mapArms((arm) => {
				const { n, difference, ci, p, caution, reason } = f.arms[arm].unpaired;
				return { unpaired: { n, difference, ci, p, caution, reason } };
			}),
			did: {
				crossSection: (({ n, estimate, ci, p, caution, reason, sitesPerArm }) => ({ n, estimate, ci, p, caution, reason, sitesPerArm }))(
					f.did.crossSection
				)
			}
		}))
	};
}

/** Standardized effects and both DiDs of a scale, per follow-up: the effects page. */
export interface ScaleEffects {
	scale: Pick<ScaleInfo, 'id' | 'label' | 'range'>;
	followUps: Array<{
		waveId: string;
		arms: Record<
			Arm,
			{
				paired: Pick<PairedTest, 'n' | 'dz' | 'caution' | 'reason'> & { interval: StandardizedInterval };
				hedgesG: Pick<HedgesG, 'n' | 'g' | 'caution' | 'reason'> & { interval: StandardizedInterval };
			}
		>;
		did: { crossSection: CrossSectionDid; panel: PanelDid };
	}>;
}

export function effectsOf(scale: ScaleIndicators): ScaleEffects {
	return {
		scale: { id: scale.scale.id, label: scale.scale.label, range: scale.scale.range },
		followUps: scale.followUps.map((f) => ({
			waveId: f.waveId,
			arms: mapArms((arm) => {
				const { paired, hedgesG } = f.arms[arm];
				return {
					paired: { n: paired.n, dz: paired.dz, caution: paired.caution, reason: paired.reason, interval: paired.interval },
					hedgesG: { n: hedgesG.n, g: hedgesG.g, caution: hedgesG.caution, reason: hedgesG.reason, interval: hedgesG.interval }
				};
			}),
			did: f.did
		}))
	};
}

/** The filter, waves, sites and scale list every indicator page shows. */
export interface IndicatorFrame {
	project: IndicatorSet['project'];
	filter: IndicatorSet['filter'];
	respondents: number;
	waves: IndicatorSet['waves'];
	sites: IndicatorSet['sites'];
	subgroups: IndicatorSet['subgroups'];
	scales: Array<Pick<ScaleInfo, 'id' | 'label' | 'instrument'>>;
}

export function frameOf(set: IndicatorSet): IndicatorFrame {
	return {
		project: set.project,
		filter: set.filter,
		respondents: set.respondents,
		waves: set.waves,
		sites: set.sites,
		subgroups: set.subgroups,
		scales: set.scales.map(({ scale }) => ({ id: scale.id, label: scale.label, instrument: scale.instrument }))
	};
}

function mapArms<T>(f: (arm: Arm) => T): Record<Arm, T> {
	return Object.fromEntries(ARMS.map((arm) => [arm, f(arm)])) as Record<Arm, T>;
}
