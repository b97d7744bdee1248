/**
 * Per scale × follow-up wave: change from baseline within each arm (Welch and Hedges' g on the
 * repeated cross-sections; paired t and d_z for panel respondents), difference-in-differences
 * (cross-sectional and panel) and retention of baseline respondents with the attrition check.
 * A panel respondent belongs to the arm of their baseline site. Pure.
 */
import { crossSectionDid, panelDid } from '../did';
import { dzInterval, hedgesGInterval } from '../effect-intervals';
import { retention, type RetentionRecord } from '../retention';
import { hedgesG, pairedTTest, welchTTest } from '../tests';
import type { IndicatorDataset } from './dataset';
import { armScores, panelPairs, sitesWithScores, type ScaleObservations } from './observations';
import { ARMS, type Arm, type ArmChange, type FollowUp } from './types';

function armChange(pre: number[], post: number[], pairs: { pre: number[]; post: number[] }): ArmChange {
	const g = hedgesG(post, pre);
	const paired = pairedTTest(pairs.post, pairs.pre);
	return {
		unpaired: welchTTest(post, pre),
		hedgesG: { ...g, interval: hedgesGInterval(g.g, g.nX, g.nY) },
		paired: { ...paired, interval: dzInterval(paired.dz, paired.n) }
	};
}

/** Baseline respondents of an arm (by their baseline site), retained when scored at `wave`. */
function retentionRecords(dataset: IndicatorDataset, observed: ScaleObservations, wave: number, arm: Arm): RetentionRecord[] {
	const records: RetentionRecord[] = [];
	const waves = observed.waves;
	for (let person = 0; person < dataset.persons; person++) {
		const base = person * waves + dataset.baseline;
		const site = observed.personSite[base]!;
		if (site < 0 || dataset.sites[site]!.arm !== arm) continue;
		records.push({ baselineScore: observed.personScore[base]!, retained: !Number.isNaN(observed.personScore[person * waves + wave]!) });
	}
	return records;
}

export function followUps(dataset: IndicatorDataset, observed: ScaleObservations): FollowUp[] {
	const base = dataset.baseline;
	if (base < 0) return [];
	const pre = { project: armScores(dataset, observed, base, 'project'), comparison: armScores(dataset, observed, base, 'comparison') };
	return dataset.waves.slice(base + 1).map((wave, offset) => {
		const w = base + 1 + offset;
		const post = { project: armScores(dataset, observed, w, 'project'), comparison: armScores(dataset, observed, w, 'comparison') };
		const pairs = { project: panelPairs(dataset, observed, w, 'project'), comparison: panelPairs(dataset, observed, w, 'comparison') };
		const sitesPerArm = {
			project: sitesWithScores(dataset, observed, 'project', [base, w]),
			comparison: sitesWithScores(dataset, observed, 'comparison', [base, w])
		};
		const arms = {} as Record<Arm, ArmChange>;
		const retained = {} as FollowUp['retention'];
		for (const arm of ARMS) {
			arms[arm] = armChange(pre[arm], post[arm], pairs[arm]);
			retained[arm] = retention(retentionRecords(dataset, observed, w, arm));
		}
		return {
			waveId: wave.id,
			arms,
			did: {
				crossSection: crossSectionDid(
					{ comparisonPre: pre.comparison, comparisonPost: post.comparison, projectPre: pre.project, projectPost: post.project },
					sitesPerArm
				),
				panel: panelDid(pairs, sitesPerArm)
			},
			retention: retained
		};
	});
}
