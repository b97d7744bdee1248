import { describe, expect, it } from 'vitest';
import { crossSectionDid, cronbachAlpha, describeScores, pairedTTest, retention, welchTTest } from '$lib/stats';
import { BlockBuilder } from '$lib/stats/indicators/builder';
import { computeIndicatorSet, IndicatorFilterError } from '$lib/stats/indicators/compute';
import { ITEM_ANSWERED, ITEM_DONT_KNOW, ITEM_UNANSWERED, type IndicatorDataset } from '$lib/stats/indicators/dataset';
import { effectsOf, frameOf, trendOf } from '$lib/stats/indicators/views';

/**
 * Six people, two sites (one per arm), two waves; one scale `x` = mean of i1 and reverse-coded i2
 * (1–5), and a background item `gender`. Scores are given as stored; items as answered.
 */
function dataset(): IndicatorDataset {
	const shape = { instrument: 't', items: ['i1', 'i2', 'gender'], conditional: [false, false, false], scales: [0] };
	const builder = new BlockBuilder(shape, 6, 2, () => true);
	const rows: Array<[person: number, wave: number, site: number, score: number, i1: number, i2: number, gender: number]> = [
		[0, 0, 0, 3, 3, 3, 1],
		[1, 0, 0, 3.5, 4, 3, 2],
		[2, 0, 0, 2, 2, 4, 2],
		[3, 0, 1, 3, 3, 3, 1],
		[4, 0, 1, 2.5, 2, 3, 2],
		[5, 0, 1, 4, 4, 2, 2],
		[0, 1, 0, 4, 4, 2, 1],
		[1, 1, 0, 5, 5, 1, 1], // says 1 now; the baseline answer (2) decides the subgroup
		[3, 1, 1, 3, 3, 3, 1],
		[5, 1, 1, 4.5, 5, NaN, 2]
	];
	for (const [person, wave, site, score, i1, i2, gender] of rows) {
		const row = builder.startRow(person, wave, site, 0, Uint8Array.from([ITEM_UNANSWERED, ITEM_UNANSWERED, ITEM_UNANSWERED]));
		builder.setItem(row, 0, i1, ITEM_ANSWERED);
		if (Number.isNaN(i2)) builder.setItem(row, 1, NaN, ITEM_DONT_KNOW);
		else builder.setItem(row, 1, i2, ITEM_ANSWERED);
		builder.setItem(row, 2, gender, ITEM_ANSWERED);
		builder.setScore(row, 0, score, score >= 3 ? 1 : 0);
	}
	return {
		waves: [
			{ id: 'w0', name: 'Baseline', kind: 'baseline', order: 1, isBaseline: true },
			{ id: 'w1', name: 'Follow-up', kind: 'follow-up', order: 2, isBaseline: false }
		],
		baseline: 0,
		sites: [
			{ id: 'east', name: 'East', arm: 'project', region: null, targetPerWave: 3 },
			{ id: 'west', name: 'West', arm: 'comparison', region: null, targetPerWave: 4 }
		],
		scales: [
			{
				id: 'x',
				instrument: 't',
				key: 'x',
				label: { en: 'X' },
				description: null,
				method: 'mean',
				higherIsBetter: true,
				items: ['i1', 'i2'],
				range: { min: 1, max: 5 },
				bands: [
					{ key: 'low', label: { en: 'Low' }, max: 3, minExclusive: false, maxExclusive: true },
					{ key: 'high', label: { en: 'High' }, min: 3, minExclusive: false, maxExclusive: false }
				],
				transform: null
			}
		],
		layouts: [{ block: 0, column: 0, itemColumns: [0, 1], reverseSums: [null, 6] }],
		blocks: [builder.finish()],
		persons: 6,
		subgroups: [
			{
				item: 'gender',
				instrument: 't',
				prompt: { en: 'Gender' },
				options: [
					{ code: 1, label: { en: 'M' } },
					{ code: 2, label: { en: 'F' } }
				]
			}
		]
	};
}

const project = { slug: 'p', name: 'P', dataVersion: 1 };
const everyone = { siteId: null, subgroup: null };

describe('computeIndicatorSet on a small dataset', () => {
	const set = computeIndicatorSet(dataset(), project, everyone);
	const scale = set.scales[0]!;

	it('describes each wave × arm and site, with band shares', () => {
		const { bands, ...baseline } = scale.waves[0]!.arms.project;
		expect(baseline).toEqual(describeScores([3, 3.5, 2]));
		expect(bands.map((b) => [b.key, b.x, b.n])).toEqual([
			['low', 1, 3],
			['high', 2, 3]
		]);
		expect(scale.waves[1]!.sites.map((s) => [s.siteId, s.n])).toEqual([
			['east', 2],
			['west', 2]
		]);
		expect(scale.waves[0]!.distribution.comparison).toEqual([
			{ value: 2.5, count: 1 },
			{ value: 3, count: 1 },
			{ value: 4, count: 1 }
		]);
	});

	it('measures change, the panel and both DiDs against baseline', () => {
		const followUp = scale.followUps[0]!;
		expect(followUp.arms.project.unpaired).toEqual(welchTTest([4, 5], [3, 3.5, 2]));
		const { interval, ...paired } = followUp.arms.project.paired;
		expect(paired).toEqual(pairedTTest([4, 5], [3, 3.5]));
		expect(interval).not.toBeNull();
		expect(followUp.did.crossSection).toEqual(
			crossSectionDid(
				{ comparisonPre: [3, 2.5, 4], comparisonPost: [3, 4.5], projectPre: [3, 3.5, 2], projectPost: [4, 5] },
				{ project: 1, comparison: 1 }
			)
		);
		expect(followUp.did.panel.difference).toBeCloseTo(1.25 - 0.25, 12);
	});

	it('counts retention of baseline respondents per arm with the attrition check', () => {
		expect(scale.followUps[0]!.retention.project).toEqual(
			retention([
				{ baselineScore: 3, retained: true },
				{ baselineScore: 3.5, retained: true },
				{ baselineScore: 2, retained: false }
			])
		);
		expect(scale.followUps[0]!.retention.comparison.retained).toBe(2);
	});

	it('computes alpha on complete cases (reverse-coded) and item missingness per wave', () => {
		expect(scale.reliability[0]!.alpha).toEqual(
			cronbachAlpha([
				[3, 3],
				[4, 3],
				[2, 2],
				[3, 3],
				[2, 3],
				[4, 4]
			])
		);
		const followUp = scale.reliability[1]!;
		expect(followUp.alpha.incomplete).toBe(1);
		expect(followUp.items[1]).toMatchObject({ item: 'i2', asked: 4, answered: 3, dontKnow: 1, unanswered: 0 });
		expect(followUp.responses).toBe(4);
	});

	it('counts respondents per site and wave against targets', () => {
		expect(set.respondents).toBe(6);
		expect(set.responseCounts.map((c) => [c.siteId, c.waveId, c.respondents, c.share])).toEqual([
			['east', 'w0', 3, 1],
			['east', 'w1', 2, 2 / 3],
			['west', 'w0', 3, 0.75],
			['west', 'w1', 2, 0.5]
		]);
	});

	it('filters by site and by subgroup (the answer at the first wave)', () => {
		const east = computeIndicatorSet(dataset(), project, { siteId: 'east', subgroup: null });
		expect(east.scales[0]!.waves[0]!.arms.comparison.n).toBe(0);
		expect(east.scales[0]!.waves[0]!.sites.map((s) => s.siteId)).toEqual(['east']);
		expect(east.respondents).toBe(3);
		const men = computeIndicatorSet(dataset(), project, { siteId: null, subgroup: { item: 'gender', code: 1 } });
		expect(men.respondents).toBe(2);
		expect(men.scales[0]!.waves[1]!.arms.project.n).toBe(1);
		expect(() => computeIndicatorSet(dataset(), project, { siteId: 'north', subgroup: null })).toThrow(IndicatorFilterError);
		expect(() => computeIndicatorSet(dataset(), project, { siteId: null, subgroup: { item: 'i1', code: 1 } })).toThrow(
			IndicatorFilterError
		);
	});

	it('selects what each page needs', () => {
		expect(frameOf(set).scales).toEqual([{ id: 'x', label: { en: 'X' }, instrument: 't' }]);
		expect(trendOf(scale).waves[0]!.arms.project.mean).toBe(scale.waves[0]!.arms.project.mean);
		expect(effectsOf(scale).followUps[0]!.arms.project.paired.dz).toBe(scale.followUps[0]!.arms.project.paired.dz);
	});
});
