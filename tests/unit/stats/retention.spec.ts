import { describe, expect, it } from 'vitest';
import { retention, retentionByArm } from '$lib/stats/retention';
import reference from '../../fixtures/stats/retention.json';
import { expectClose, expectCloseInterval, expectCloseP } from '../../fixtures/stats/reference';

const arm = reference.cases[0]!;
const records = arm.baseline.map((baselineScore, i) => ({ baselineScore, retained: arm.retained[i]! }));

describe(`retention against ${reference.r}`, () => {
	it(`rate: ${arm.rate.call}`, () => {
		const result = retention(records);
		expect(result).toMatchObject({ n: 24, retained: arm.rate.x, lost: 24 - arm.rate.x, caution: false });
		expectClose(result.rate.proportion, arm.rate.estimate, 'rate');
		expectCloseInterval(result.rate.ci, arm.rate.ci);
	});

	it(`attrition check: ${arm.attrition.call}`, () => {
		const { attrition } = retention(records);
		expectClose(attrition.difference, arm.attrition.estimate, 'difference');
		expectClose(attrition.t, arm.attrition.t, 't');
		expectClose(attrition.df, arm.attrition.df, 'df');
		expectCloseP(attrition.p, arm.attrition.p);
		expectCloseInterval(attrition.ci, arm.attrition.ci);
	});
});

describe('retentionByArm', () => {
	it('computes each listed arm, an arm without respondents included', () => {
		const byArm = retentionByArm(
			records.map((record) => ({ ...record, arm: 'project' as const })),
			['project', 'comparison']
		);
		expect(byArm.project.retained).toBe(arm.rate.x);
		expect(byArm.comparison).toMatchObject({ n: 0, retained: 0, lost: 0, caution: true, rate: { proportion: null, reason: 'empty' } });
		expect(byArm.comparison.attrition.reason).toBe('empty');
	});

	it('gives the rate but no attrition test when nobody was lost', () => {
		const result = retention([1, 2, 3].map((baselineScore) => ({ baselineScore, retained: true })));
		expect(result.rate).toMatchObject({ proportion: 1, ci: { upper: 1 } });
		expect(result.attrition).toMatchObject({ nY: 0, t: null, reason: 'empty' });
	});
});
