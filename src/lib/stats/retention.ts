/**
 * Retention of baseline respondents at a later wave, per arm, and the attrition check: do those who
 * stayed differ at baseline from those who were lost (Welch, `t.test(retained, lost)`)?
 */
import { assertFinite } from './numeric';
import { wilsonInterval, type Proportion } from './proportions';
import { welchTTest, type WelchTest } from './tests';

/** One baseline respondent (scored at baseline) and whether they have a score at the wave. */
export interface RetentionRecord {
	baselineScore: number;
	retained: boolean;
}

export interface Retention {
	/** Baseline respondents. */
	n: number;
	/** Fewer than 10 baseline respondents. */
	caution: boolean;
	/** Baseline respondents (x = retained of n = baseline), share retained with its Wilson interval. */
	rate: Proportion;
	/** Retained respondents. */
	retained: number;
	/** Lost respondents. */
	lost: number;
	/** Welch t of baseline scores, X = retained, Y = lost. */
	attrition: WelchTest;
}

/** Retention = baseline respondents with a score at the wave ÷ baseline respondents, with the attrition check. */
export function retention(records: readonly RetentionRecord[]): Retention {
	assertFinite(
		records.map((record) => record.baselineScore),
		'baselineScore'
	);
	const retainedScores = records.filter((record) => record.retained).map((record) => record.baselineScore);
	const lostScores = records.filter((record) => !record.retained).map((record) => record.baselineScore);
	return retentionOfGroups(retainedScores, lostScores);
}

/**
 * {@link retention} from the baseline scores of the retained and of the lost, in record order: the
 * same figures without an object per respondent.
 */
export function retentionOfGroups(retainedScores: readonly number[], lostScores: readonly number[]): Retention {
	assertFinite(retainedScores, 'retained baselineScore');
	assertFinite(lostScores, 'lost baselineScore');
	const rate = wilsonInterval(retainedScores.length, retainedScores.length + lostScores.length);
	return {
		n: rate.n,
		caution: rate.caution,
		rate,
		retained: retainedScores.length,
		lost: lostScores.length,
		attrition: welchTTest(retainedScores, lostScores)
	};
}

/** {@link retention} for each arm listed in `arms`; an arm without records gets an empty result. */
export function retentionByArm<Arm extends string>(
	records: ReadonlyArray<RetentionRecord & { arm: Arm }>,
	arms: readonly Arm[]
): Record<Arm, Retention> {
	const byArm = {} as Record<Arm, Retention>;
	for (const arm of arms) byArm[arm] = retention(records.filter((record) => record.arm === arm));
	return byArm;
}
