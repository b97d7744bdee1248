/**
 * Every function of the public API on degenerate input — empty, one value, all values equal, the
 * largest accepted and tiny magnitudes — returns defined results: no NaN or Infinity anywhere, and the
 * result survives JSON unchanged. Beyond ±1e100 (no scale comes near) input is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Band } from '$lib/instruments/types';
import * as stats from '$lib/stats';
import { nonFiniteNumbers } from '../../fixtures/stats/reference';

const samples: Record<string, number[]> = {
	empty: [],
	one: [3],
	two: [1, 5],
	constant: [3, 3, 3, 3],
	'constant decimal': [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
	zeros: [0, 0, 0],
	huge: [1e100, -1e100, 1e100],
	tiny: [1e-300, 2e-300, 3e-300],
	'nearly constant': [1, 1, 1 + 1e-15],
	ordinary: [2.4, 3.1, 3.3, 4.0, 2.9]
};
const names = Object.keys(samples);
const pairsOfSamples = names.flatMap((a) => names.map((b) => [a, b] as const));
const bands: Band[] = [
	{ key: 'low', label: { en: 'low' }, max: 2.5, minExclusive: false, maxExclusive: true },
	{ key: 'high', label: { en: 'high' }, min: 2.5, minExclusive: false, maxExclusive: false }
];

function expectDefined(result: unknown): void {
	expect(nonFiniteNumbers(result)).toEqual([]);
	expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

describe('no NaN or Infinity in any output', () => {
	it.each(names)('one sample: %s', (name) => {
		const x = samples[name]!;
		expectDefined(stats.describeScores(x));
		expectDefined(stats.quantile(x, 0.5));
		expectDefined(stats.median(x));
		expectDefined(stats.bandShares(x, bands));
		expectDefined(stats.wilsonInterval(Math.min(1, x.length), x.length));
		expectDefined(stats.cronbachAlpha(x.map((value) => [value, value, value / 2])));
		expectDefined(stats.cronbachAlpha(x.map((value, i) => [value, i])));
		expectDefined(stats.retention(x.map((baselineScore, i) => ({ baselineScore, retained: i % 2 === 0 }))));
	});

	it.each(pairsOfSamples)('two samples: %s against %s', (a, b) => {
		const x = samples[a]!;
		const y = samples[b]!;
		expectDefined(stats.welchTTest(x, y));
		expectDefined(stats.hedgesG(x, y));
		if (x.length === y.length) expectDefined(stats.pairedTTest(x, y));
		const sites = { project: 1, comparison: 1 };
		expectDefined(stats.crossSectionDid({ comparisonPre: x, comparisonPost: y, projectPre: x, projectPost: y }, sites));
		expectDefined(stats.crossSectionDid({ comparisonPre: x, comparisonPost: x, projectPre: y, projectPost: y }, sites));
		expectDefined(stats.panelDid({ project: { pre: x, post: x }, comparison: { pre: y, post: y } }, sites));
	});

	it('refuses NaN, Infinity and magnitudes beyond ±1e100 rather than computing with them', () => {
		for (const bad of [Number.NaN, Infinity, -1e300]) {
			expect(() => stats.describeScores([1, bad])).toThrow(RangeError);
			expect(() => stats.welchTTest([1, 2], [bad, 2])).toThrow(RangeError);
			expect(() =>
				stats.crossSectionDid({ comparisonPre: [bad], comparisonPost: [], projectPre: [], projectPost: [] }, { project: 1, comparison: 1 })
			).toThrow(RangeError);
			expect(() => stats.retention([{ baselineScore: bad, retained: true }])).toThrow(RangeError);
			expect(() => stats.bandShares([bad], bands)).toThrow(RangeError);
		}
		expect(() =>
			stats.cronbachAlpha([
				[1, 1e300],
				[2, 3]
			])
		).toThrow(RangeError);
	});

	it('the scan finds what it must', () => {
		expect(nonFiniteNumbers({ a: [1, { b: Number.NaN }], c: Infinity })).toEqual(['$.a[1].b = NaN', '$.c = Infinity']);
	});

	it('every null figure says why', () => {
		for (const name of names) {
			const result = stats.describeScores(samples[name]!);
			if (result.sd === null) expect(result.reason, name).not.toBeNull();
		}
		for (const [a, b] of pairsOfSamples) {
			const result = stats.welchTTest(samples[a]!, samples[b]!);
			if (result.t === null) expect(result.reason, `${a} vs ${b}`).not.toBeNull();
			else expect(result.reason).toBeNull();
		}
	});
});
