/**
 * The distribution of a scale's scores at one wave, as shares of each arm (so arms of different size
 * compare): one bar per score value when there are few, else equal-width bins over the scale's range.
 * Pure.
 */
import type { ChartConfiguration } from 'chart.js';
import { ARMS, type Arm, type ValueCount } from '$lib/stats/indicators/types';
import { ARM_COLOURS } from './palette';

const MAX_VALUES = 12;
const BINS = 10;

export interface Bin {
	/** Inclusive lower bound; upper bound exclusive except for the last bin. */
	from: number;
	to: number;
	counts: Record<Arm, number>;
	/** Share of the arm's scores, 0–1; `null` when the arm has none. */
	shares: Record<Arm, number | null>;
}

/** Bins covering `range` (or the data when the range is unknown). */
export function histogramBins(distribution: Record<Arm, ValueCount[]>, range: { min: number; max: number } | null): Bin[] {
	const values = [...new Set(ARMS.flatMap((arm) => distribution[arm].map((v) => v.value)))].sort((a, b) => a - b);
	if (values.length === 0) return [];
	const edges: Array<[number, number]> =
		values.length <= MAX_VALUES
			? values.map((value) => [value, value])
			: equalWidth(range ?? { min: values[0]!, max: values[values.length - 1]! });
	const totals = Object.fromEntries(ARMS.map((arm) => [arm, distribution[arm].reduce((sum, v) => sum + v.count, 0)])) as Record<
		Arm,
		number
	>;
	return edges.map(([from, to], i) => {
		const last = i === edges.length - 1;
		const counts = {} as Record<Arm, number>;
		const shares = {} as Record<Arm, number | null>;
		for (const arm of ARMS) {
			const inside = (value: number) => (from === to ? value === from : value >= from && (value < to || (last && value <= to)));
			counts[arm] = distribution[arm].filter((v) => inside(v.value)).reduce((sum, v) => sum + v.count, 0);
			shares[arm] = totals[arm] > 0 ? counts[arm] / totals[arm] : null;
		}
		return { from, to, counts, shares };
	});
}

function equalWidth({ min, max }: { min: number; max: number }): Array<[number, number]> {
	const width = (max - min) / BINS || 1;
	return Array.from({ length: BINS }, (_, i) => [min + i * width, i === BINS - 1 ? max : min + (i + 1) * width]);
}

export interface HistogramLabels {
	arms: Record<Arm, string>;
	/** Title of the value axis, e.g. "Share of respondents (%)". */
	share: string;
	/** Formats a bin for the category axis. */
	bin: (bin: Bin) => string;
}

export function histogramChart(bins: readonly Bin[], labels: HistogramLabels): ChartConfiguration<'bar', Array<number | null>, string> {
	return {
		type: 'bar',
		data: {
			labels: bins.map(labels.bin),
			datasets: ARMS.map((arm) => ({
				label: labels.arms[arm],
				data: bins.map((bin) => (bin.shares[arm] === null ? null : bin.shares[arm]! * 100)),
				backgroundColor: ARM_COLOURS[arm],
				borderColor: ARM_COLOURS[arm]
			}))
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: { y: { beginAtZero: true, title: { display: true, text: labels.share } } },
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
