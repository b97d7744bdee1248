import { describe, expect, it } from 'vitest';
import { bandColumns, bandsChart } from '$lib/charts/bands-chart';
import { errorBarsPlugin, type ErrorBarOptions } from '$lib/charts/error-bars';
import { forestPlot, forestRows, wrapLabel } from '$lib/charts/forest-plot';
import { decimalsFor, formatP, formatSigned } from '$lib/charts/format';
import { histogramBins, histogramChart } from '$lib/charts/histogram';
import { lines, meansChart } from '$lib/charts/means-chart';
import { bandColours } from '$lib/charts/palette';
import type { ScaleIndicators, WaveInfo } from '$lib/stats/indicators/types';
import type { ScaleEffects } from '$lib/stats/indicators/views';

const waves: WaveInfo[] = [
	{ id: 'w0', name: '基线调查 · Baseline', kind: 'baseline', order: 1, isBaseline: true },
	{ id: 'w1', name: '随访 · Follow-up', kind: 'follow-up', order: 2, isBaseline: false }
];
const arms = { project: 'Project', comparison: 'Comparison' };
const round = (value: number) => Math.round(value * 1e9) / 1e9;

const mean = (value: number | null) => ({
	n: value === null ? 0 : 50,
	mean: value,
	ci: value === null ? null : { lower: value - 0.2, upper: value + 0.2 }
});

describe('meansChart', () => {
	const config = meansChart(
		{
			waves: [
				{ waveId: 'w0', arms: { project: mean(3.1), comparison: mean(3.0) } },
				{ waveId: 'w1', arms: { project: mean(3.6), comparison: mean(null) } }
			]
		} as never,
		waves,
		{ arms, value: 'Mean' }
	);

	it('draws one line per arm at the wave positions, nudged apart, skipping empty groups', () => {
		expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
			[
				'Project',
				[
					{ x: -0.06, y: 3.1 },
					{ x: 0.94, y: 3.6 }
				]
			],
			['Comparison', [{ x: 0.06, y: 3.0 }]]
		]);
	});

	it('carries the 95% CIs to the error-bar plugin and keeps them inside the axis', () => {
		const rounded = (config.options?.plugins?.anjuErrorBars as ErrorBarOptions).bars.map((bars) =>
			bars.map((bar) => bar && [round(bar.lower), round(bar.upper)])
		);
		expect(rounded).toEqual([
			[
				[2.9, 3.3],
				[3.4, 3.8]
			],
			[[2.8, 3.2]]
		]);
		const y = config.options?.scales?.y as { suggestedMin: number; suggestedMax: number };
		expect(y.suggestedMin).toBeLessThan(2.8);
		expect(y.suggestedMax).toBeGreaterThan(3.8);
	});

	it('breaks bilingual wave names into lines', () => {
		expect(lines('基线调查 · Baseline')).toEqual(['基线调查', 'Baseline']);
		expect(lines('6个月随访 · 6-month follow-up')).toEqual(['6个月随访', '6-month', 'follow-up']);
	});
});

describe('forest plot', () => {
	const effect = (value: number | null) => ({
		paired: {
			n: 40,
			dz: value,
			caution: false,
			reason: null,
			interval: value === null ? null : { lower: value - 0.3, upper: value + 0.3 }
		},
		hedgesG: {
			n: 80,
			g: value,
			caution: false,
			reason: null,
			interval: value === null ? null : { lower: value - 0.25, upper: value + 0.25 }
		}
	});
	const scales: ScaleEffects[] = [
		{
			scale: { id: 'a', label: { en: 'A' }, range: null },
			followUps: [{ waveId: 'w1', arms: { project: effect(0.5), comparison: effect(0.1) }, did: {} as never }]
		},
		{
			scale: { id: 'b', label: { en: 'B' }, range: null },
			followUps: [{ waveId: 'w1', arms: { project: effect(null), comparison: effect(-0.2) }, did: {} as never }]
		}
	];

	it('has one row per scale, each arm with its estimate and interval', () => {
		const rows = forestRows(scales, 'w1', 'dz', (s) => s.scale.id.toUpperCase());
		expect(rows.map((r) => [r.label, r.arms.project?.estimate ?? null, r.arms.comparison?.estimate ?? null])).toEqual([
			['A', 0.5, 0.1],
			['B', null, -0.2]
		]);
		expect(forestRows(scales, 'w1', 'g', (s) => s.scale.id)[0]!.arms.project).toEqual({
			estimate: 0.5,
			interval: { lower: 0.25, upper: 0.75 },
			n: 80,
			caution: false
		});
	});

	it('wraps long scale names for narrow screens', () => {
		expect(wrapLabel('Attitude to community participation')).toEqual(['Attitude to community', 'participation']);
		expect(wrapLabel('社区感（总分）')).toEqual(['社区感（总分）']);
	});

	it('places the arms above and below each row and spans every interval and zero', () => {
		const config = forestPlot(
			forestRows(scales, 'w1', 'dz', (s) => s.scale.id),
			{ arms, effect: 'd_z' }
		);
		expect(config.data.datasets[0]!.data).toEqual([{ x: 0.5, y: -0.16 }]);
		expect(config.data.datasets[1]!.data).toEqual([
			{ x: 0.1, y: 0.16 },
			{ x: -0.2, y: 1.16 }
		]);
		const x = config.options?.scales?.x as { min: number; max: number };
		expect(x.min).toBeLessThan(-0.5);
		expect(x.max).toBeGreaterThan(0.8);
		expect(config.options?.plugins?.anjuErrorBars?.axis).toBe('x');
	});
});

describe('histogram', () => {
	it('uses one bin per value when there are few, as shares of each arm', () => {
		const bins = histogramBins(
			{
				project: [
					{ value: 1, count: 1 },
					{ value: 2, count: 3 }
				],
				comparison: [{ value: 2, count: 2 }]
			},
			{ min: 1, max: 5 }
		);
		expect(bins.map((b) => [b.from, b.to, b.counts.project, b.shares.project, b.shares.comparison])).toEqual([
			[1, 1, 1, 0.25, 0],
			[2, 2, 3, 0.75, 1]
		]);
		const config = histogramChart(bins, { arms, share: '%', bin: (b) => String(b.from) });
		expect(config.data.datasets[0]!.data).toEqual([25, 75]);
	});

	it('uses ten equal bins over the range when values are many, the last one closed', () => {
		const many = Array.from({ length: 21 }, (_, i) => ({ value: i * 5, count: 1 }));
		const bins = histogramBins({ project: many, comparison: [] }, { min: 0, max: 100 });
		expect(bins).toHaveLength(10);
		expect(bins.map((b) => b.counts.project)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 3]);
		expect(bins.every((b) => b.shares.comparison === null)).toBe(true);
	});
});

describe('bands over time', () => {
	it('stacks the shares of each band per wave and arm, warm colours for the worse bands', () => {
		const group = (shares: number[]) => ({ n: 10, bands: shares.map((proportion, i) => ({ key: `b${i}`, proportion })) });
		const scale = {
			scale: { bands: [{ key: 'b0' }, { key: 'b1' }] },
			waves: [
				{ waveId: 'w0', arms: { project: group([0.4, 0.6]), comparison: group([0.5, 0.5]) } },
				{ waveId: 'w1', arms: { project: group([0.3, 0.7]), comparison: group([0.45, 0.55]) } }
			]
		} as unknown as ScaleIndicators;
		const columns = bandColumns(scale, waves, { arms });
		expect(columns.map((c) => [c.label, c.shares])).toEqual([
			['基线调查 · Baseline · Project', [0.4, 0.6]],
			['基线调查 · Baseline · Comparison', [0.5, 0.5]],
			['随访 · Follow-up · Project', [0.3, 0.7]],
			['随访 · Follow-up · Comparison', [0.45, 0.55]]
		]);
		const config = bandsChart(columns, { arms, bands: ['Poor', 'Good'], higherIsBetter: true, share: '%' });
		expect(config.data.datasets.map((d) => [d.label, d.data.map((v) => round(v ?? NaN))])).toEqual([
			['Poor', [40, 50, 30, 45]],
			['Good', [60, 50, 70, 55]]
		]);
		expect(bandColours(2, true)).toEqual(['#D55E00', '#009E73']);
		expect(bandColours(3, false)).toEqual(['#009E73', '#F0E442', '#D55E00']);
	});
});

describe('formatting', () => {
	it('picks decimals by range, signs changes, and writes p-values', () => {
		expect(decimalsFor({ min: 1, max: 5 })).toBe(1);
		expect(decimalsFor({ min: 0, max: 100 })).toBe(0);
		expect(formatSigned(0.04, 1, 'en')).toBe('+0.04');
		expect(formatSigned(-0.36, 1, 'en')).toBe('-0.4');
		expect(formatSigned(0, 1, 'en')).toBe('0.0');
		expect(formatP(0.0004)).toBe('p < 0.001');
		expect(formatP(0.04321)).toBe('p = 0.043');
	});
});

describe('error bars plugin', () => {
	it('is a named Chart.js plugin drawing after the datasets', () => {
		expect(errorBarsPlugin.id).toBe('anjuErrorBars');
		expect(typeof errorBarsPlugin.afterDatasetsDraw).toBe('function');
	});
});
