import { describe, expect, it } from 'vitest';
import { latestFollowUp, readingOf } from '$lib/charts/reading';
import type { WaveInfo } from '$lib/stats/indicators/types';
import type { ScaleTrend } from '$lib/stats/indicators/views';

const waves: WaveInfo[] = [
	{ id: 'w0', name: 'Baseline', kind: 'baseline', order: 1, isBaseline: true },
	{ id: 'w1', name: '6 months', kind: 'follow-up', order: 2, isBaseline: false },
	{ id: 'w2', name: '12 months', kind: 'follow-up', order: 3, isBaseline: false }
];

const group = (mean: number | null, n = 200) => ({
	n: mean === null ? 0 : n,
	mean,
	sd: mean === null ? null : 0.9,
	ci: mean === null ? null : { lower: mean - 0.1, upper: mean + 0.1 },
	caution: n < 10,
	reason: mean === null ? ('empty' as const) : null
});

function trend(
	means: { project: Array<number | null>; comparison: Array<number | null> },
	options: { did?: number; p?: number; n?: number } = {}
): ScaleTrend {
	const change = (arm: 'project' | 'comparison', wave: number) => {
		const pre = means[arm][0]!;
		const post = means[arm][wave] ?? null;
		const difference = post === null ? null : post - pre;
		return {
			unpaired: {
				n: 400,
				difference,
				ci: difference === null ? null : { lower: difference - 0.2, upper: difference + 0.2 },
				p: 0.01,
				caution: (options.n ?? 200) < 10,
				reason: null
			}
		};
	};
	return {
		scale: {
			id: 'sense_of_community',
			instrument: 'community-identity',
			key: 'sense_of_community',
			label: { en: 'Community identity', 'zh-Hans': '社区认同' },
			description: null,
			method: 'mean',
			higherIsBetter: true,
			items: ['a', 'b'],
			range: { min: 1, max: 5 },
			bands: [],
			transform: null
		},
		waves: waves.map((wave, w) => ({
			waveId: wave.id,
			arms: { project: group(means.project[w] ?? null, options.n), comparison: group(means.comparison[w] ?? null, options.n) }
		})),
		followUps: [1, 2].map((w) => ({
			waveId: waves[w]!.id,
			arms: { project: change('project', w), comparison: change('comparison', w) },
			did: {
				crossSection: {
					n: 800,
					estimate: options.did ?? 0.4,
					ci: { lower: 0.2, upper: 0.6 },
					p: options.p ?? 0.0004,
					caution: false,
					reason: null,
					sitesPerArm: { project: 2, comparison: 2 }
				}
			}
		}))
	};
}

describe('readingOf', () => {
	const rising = trend({ project: [3.1, 3.3, 3.6], comparison: [3.1, 3.15, 3.2] });

	it('reads change in both arms and the DiD, in English', () => {
		expect(readingOf(rising, waves, 'en')).toBe(
			'Community identity rose from 3.1 to 3.6 in project communities (+0.5, 95% CI 0.3 to 0.7) and from 3.1 to 3.2 in comparison communities; difference-in-differences +0.4 (p < 0.001).'
		);
	});

	it('reads the same figures in Chinese', () => {
		expect(readingOf(rising, waves, 'zh-Hans')).toBe(
			'社区认同在项目社区从3.1升至3.6（+0.5，95% CI 0.3至0.7），在对照社区从3.1升至3.2；双重差分 +0.4（p < 0.001）。'
		);
	});

	it('names the direction when the arms move apart, says "stayed" when the rounded means agree, and prints p', () => {
		const apart = trend({ project: [3.1, 3.0, 2.8], comparison: [3.1, 3.2, 3.4] }, { did: -0.6, p: 0.0321 });
		expect(readingOf(apart, waves, 'en')).toBe(
			'Community identity fell from 3.1 to 2.8 in project communities (-0.3, 95% CI -0.5 to -0.1) and rose from 3.1 to 3.4 in comparison communities; difference-in-differences -0.6 (p = 0.032).'
		);
		const flat = trend({ project: [3.1, 3.1, 3.12], comparison: [3.1, 3.1, 3.08] }, { did: 0.04, p: 0.5 });
		expect(readingOf(flat, waves, 'en')).toBe(
			'Community identity stayed at 3.1 in project communities (+0.02, 95% CI -0.2 to 0.2) and stayed at 3.1 in comparison communities; difference-in-differences +0.04 (p = 0.500).'
		);
	});

	it('compares baseline with the latest follow-up that has scores', () => {
		const partway = trend({ project: [3.1, 3.4, null], comparison: [3.1, 3.2, null] });
		expect(latestFollowUp(partway)?.waveId).toBe('w1');
		expect(readingOf(partway, waves, 'en')).toContain('rose from 3.1 to 3.4 in project communities');
	});

	it('reads baseline only, one arm only, nothing, and flags small groups', () => {
		const baselineOnly = trend({ project: [3.1, null, null], comparison: [3.3, null, null] });
		expect(readingOf(baselineOnly, waves, 'en')).toBe(
			'Community identity at baseline: 3.1 in project and 3.3 in comparison communities; no follow-up yet.'
		);
		const projectOnly = trend({ project: [3.1, 3.3, 3.6], comparison: [null, null, null] });
		expect(readingOf(projectOnly, waves, 'en')).toBe(
			'Community identity rose from 3.1 to 3.6 in project communities (+0.5, 95% CI 0.3 to 0.7).'
		);
		expect(readingOf(trend({ project: [null, null, null], comparison: [null, null, null] }), waves, 'zh-Hans')).toBe(
			'社区认同：数据还不够，暂时无法解读。'
		);
		const small = trend({ project: [3.1, 3.3, 3.6], comparison: [3.1, 3.15, 3.2] }, { n: 6 });
		expect(readingOf(small, waves, 'en')).toMatch(/\(p < 0\.001\)\. Small groups: read with caution\.$/);
		// One arm shown: the empty other arm (and the DiD it spoils) is no reason for a caution.
		const oneArm = trend({ project: [null, null, null], comparison: [3.1, 3.15, 3.2] });
		oneArm.followUps.forEach((f) => (f.did.crossSection.caution = true));
		expect(readingOf(oneArm, waves, 'en')).toBe('Community identity rose from 3.1 to 3.2 in comparison communities.');
	});

	it('uses whole numbers on wide metrics', () => {
		const wide = trend({ project: [52.4, 55, 57.2], comparison: [52, 52.5, 53.1] }, { did: 3.6 });
		wide.scale.range = { min: 0, max: 100 };
		expect(readingOf(wide, waves, 'en')).toBe(
			'Community identity rose from 52 to 57 in project communities (+5, 95% CI 5 to 5) and from 52 to 53 in comparison communities; difference-in-differences +4 (p < 0.001).'
		);
	});
});
