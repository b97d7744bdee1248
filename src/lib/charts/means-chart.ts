/**
 * Means with 95% CI error bars across waves, project arm against comparison arm: a line chart on a
 * numeric x axis (wave positions), the arms nudged apart so their bars do not overlap. Pure.
 */
import type { ChartConfiguration } from 'chart.js';
import { ARMS, type Arm, type WaveInfo } from '$lib/stats/indicators/types';
import type { ScaleTrend } from '$lib/stats/indicators/views';
import type { ErrorBar } from './error-bars';
import { ARM_COLOURS } from './palette';

export interface MeansLabels {
	arms: Record<Arm, string>;
	/** Title of the value axis, e.g. "Mean (95% CI)". */
	value: string;
}

const NUDGE: Record<Arm, number> = { project: -0.06, comparison: 0.06 };

/**
 * A label broken into lines under an axis: at ` · ` (bilingual names such as "基线调查 · Baseline"),
 * and a part longer than 12 characters at its spaces ("6-month follow-up").
 */
export function lines(label: string): string[] {
	return label.split(' · ').flatMap((part) => (part.length > 12 ? part.split(' ') : [part]));
}

export function meansChart(
	scale: Pick<ScaleTrend, 'waves'>,
	waves: readonly WaveInfo[],
	labels: MeansLabels
): ChartConfiguration<'line', Array<{ x: number; y: number }>> {
	const bars: Array<Array<ErrorBar | null>> = [];
	const extents: number[] = [];
	const datasets = ARMS.map((arm) => {
		const points: Array<{ x: number; y: number }> = [];
		const armBars: Array<ErrorBar | null> = [];
		waves.forEach((wave, i) => {
			const group = scale.waves.find((w) => w.waveId === wave.id)?.arms[arm];
			if (!group || group.mean === null) return;
			points.push({ x: i + NUDGE[arm], y: group.mean });
			armBars.push(group.ci);
			extents.push(group.ci?.lower ?? group.mean, group.ci?.upper ?? group.mean);
		});
		bars.push(armBars);
		return {
			label: labels.arms[arm],
			data: points,
			borderColor: ARM_COLOURS[arm],
			backgroundColor: ARM_COLOURS[arm],
			pointRadius: 4,
			borderWidth: 2
		};
	});
	const low = Math.min(...extents);
	const high = Math.max(...extents);
	const pad = extents.length > 0 ? Math.max((high - low) * 0.15, 0.05) : 0;
	const names = waves.map((w) => w.name);
	return {
		type: 'line',
		data: { datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: {
				x: {
					type: 'linear',
					// Half a wave of room on either side, and exactly one tick per wave, so no label is dropped on a phone.
					min: -0.5,
					max: Math.max(waves.length - 1, 0) + 0.5,
					afterBuildTicks: (axis) => {
						axis.ticks = names.map((_, i) => ({ value: i }));
					},
					ticks: {
						autoSkip: false,
						maxRotation: 0,
						font: { size: 11 },
						callback: (value) => lines(names[Number(value)] ?? '')
					},
					grid: { display: false }
				},
				y: {
					...(extents.length > 0 ? { suggestedMin: low - pad, suggestedMax: high + pad } : {}),
					title: { display: true, text: labels.value }
				}
			},
			plugins: { legend: { position: 'bottom' }, anjuErrorBars: { bars } }
		}
	};
}
