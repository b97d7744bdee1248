/**
 * A forest plot of standardized effects (d_z or Hedges' g) with their approximate 95% intervals,
 * one row per scale, the two arms side by side within a row. Pure.
 */
import type { ChartConfiguration } from 'chart.js';
import type { StandardizedInterval } from '$lib/stats/effect-intervals';
import { ARMS, type Arm } from '$lib/stats/indicators/types';
import type { ScaleEffects } from '$lib/stats/indicators/views';
import type { ErrorBar } from './error-bars';
import { ARM_COLOURS } from './palette';

export type EffectMeasure = 'dz' | 'g';

export interface ForestEffect {
	estimate: number;
	interval: StandardizedInterval;
	n: number;
	caution: boolean;
}

export interface ForestRow {
	scaleId: string;
	label: string;
	arms: Record<Arm, ForestEffect | null>;
}

/** Rows of `measure` at one follow-up wave, one per scale, labelled by `labelOf`. */
export function forestRows(
	scales: readonly ScaleEffects[],
	waveId: string,
	measure: EffectMeasure,
	labelOf: (scale: ScaleEffects) => string
): ForestRow[] {
	return scales.map((scale) => {
		const followUp = scale.followUps.find((f) => f.waveId === waveId);
		const arms = {} as Record<Arm, ForestEffect | null>;
		for (const arm of ARMS) {
			const change = followUp?.arms[arm];
			const effect = measure === 'dz' ? change?.paired : change?.hedgesG;
			const estimate = measure === 'dz' ? change?.paired.dz : change?.hedgesG.g;
			arms[arm] =
				effect && estimate !== null && estimate !== undefined
					? { estimate, interval: effect.interval, n: effect.n, caution: effect.caution }
					: null;
		}
		return { scaleId: scale.scale.id, label: labelOf(scale), arms };
	});
}

export interface ForestLabels {
	arms: Record<Arm, string>;
	/** Title of the effect axis. */
	effect: string;
}

const OFFSET: Record<Arm, number> = { project: -0.16, comparison: 0.16 };

/** A label wrapped at spaces into lines of about `width` characters, so long scale names fit a phone. */
export function wrapLabel(label: string, width = 22): string[] {
	const lines: string[] = [];
	for (const word of label.split(' ')) {
		const last = lines[lines.length - 1];
		if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
		else lines.push(word);
	}
	return lines;
}

export function forestPlot(
	rows: readonly ForestRow[],
	labels: ForestLabels
): ChartConfiguration<'scatter', Array<{ x: number; y: number }>> {
	const bars: Array<Array<ErrorBar | null>> = [];
	const datasets = ARMS.map((arm) => {
		const data: Array<{ x: number; y: number }> = [];
		const armBars: Array<ErrorBar | null> = [];
		rows.forEach((row, i) => {
			const effect = row.arms[arm];
			if (!effect) return;
			data.push({ x: effect.estimate, y: i + OFFSET[arm] });
			armBars.push(effect.interval);
		});
		bars.push(armBars);
		return {
			label: labels.arms[arm],
			data,
			borderColor: ARM_COLOURS[arm],
			backgroundColor: ARM_COLOURS[arm],
			pointRadius: 4,
			pointStyle: arm === 'project' ? 'circle' : 'rectRot'
		};
	});
	const names = rows.map((row) => row.label);
	// The axis spans every interval and zero, so no bar runs off the plot.
	const ends = [
		0,
		...rows.flatMap((row) =>
			ARMS.flatMap((arm) => (row.arms[arm]?.interval ? [row.arms[arm]!.interval!.lower, row.arms[arm]!.interval!.upper] : []))
		)
	];
	const pad = (Math.max(...ends) - Math.min(...ends)) * 0.05 || 0.1;
	return {
		type: 'scatter',
		data: { datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: {
				x: {
					min: Math.min(...ends) - pad,
					max: Math.max(...ends) + pad,
					title: { display: true, text: labels.effect },
					grid: { color: (context) => (context.tick?.value === 0 ? '#1f2a2e' : 'rgba(0, 0, 0, 0.08)') }
				},
				y: {
					type: 'linear',
					reverse: true,
					min: -0.6,
					max: rows.length - 0.4,
					ticks: {
						stepSize: 1,
						autoSkip: false,
						callback: (value) => (Number.isInteger(value) ? wrapLabel(names[Number(value)] ?? '') : '')
					},
					grid: { display: false }
				}
			},
			plugins: { legend: { position: 'bottom' }, anjuErrorBars: { bars, axis: 'x', cap: 4 } }
		}
	};
}
