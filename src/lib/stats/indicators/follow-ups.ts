/**
 * Per scale × follow-up wave: change from baseline within each arm (Welch and Hedges' g on the
 * repeated cross-sections; paired t and d_z for panel respondents), difference-in-differences
 * (cross-sectional and panel) and retention of baseline respondents with the attrition check.
 * A panel respondent belongs to the arm of their baseline site. Pure.
 */
import { crossSectionDid, panelDid } from '../did';
import { dzInterval, hedgesGInterval } from '../effect-intervals';
import { retentionOfGroups } from '../retention';
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

/** Baseline scores of an arm's baseline respondents (by their baseline site), split by whether they are scored at `wave`. */
function retentionGroups(
	dataset: IndicatorDataset,
	observed: ScaleObservations,
	wave: number,
	arm: Arm
): { retained: number[]; lost: number[] } {
	const retained: number[] = [];
	const lost: number[] = [];
	const waves = observed.waves;
	for (let person = 0; person < dataset.persons; person++) {
		const base = person * waves + dataset.baseline;
		const site = observed.personSite[base]!;
		if (site < 0 || dataset.sites[site]!.arm !== arm) continue;
		(Number.isNaN(observed.personScore[person * waves + wave]!) ? lost : retained).push(observed.personScore[base]!);
	}
	return { retained, lost };
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
			const groups = retentionGroups(dataset, observed, w, arm);
			retained[arm] = retentionOfGroups(groups.retained, groups.lost);
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
