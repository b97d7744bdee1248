/**
 * Shares in each threshold band over time: one stacked bar per wave × arm, one stack per band. Pure.
 */
import type { ChartConfiguration } from 'chart.js';
import { ARMS, type Arm, type ScaleIndicators, type WaveInfo } from '$lib/stats/indicators/types';
import { lines } from './means-chart';
import { bandColours } from './palette';

export interface BandsLabels {
	arms: Record<Arm, string>;
	bands: string[];
	/** Whether the higher bands are the better ones (colours run warm → cool towards the better). */
	higherIsBetter: boolean;
	/** Title of the value axis, e.g. "Share (%)". */
	share: string;
}

export interface BandColumn {
	waveId: string;
	arm: Arm;
	label: string;
	n: number;
	/** Per band: share 0–1, `null` when the group is empty. */
	shares: Array<number | null>;
}

export function bandColumns(scale: ScaleIndicators, waves: readonly WaveInfo[], labels: Pick<BandsLabels, 'arms'>): BandColumn[] {
	return waves.flatMap((wave) => {
		const summary = scale.waves.find((w) => w.waveId === wave.id);
		return ARMS.map((arm) => {
			const group = summary?.arms[arm];
			return {
				waveId: wave.id,
				arm,
				label: `${wave.name} · ${labels.arms[arm]}`,
				n: group?.n ?? 0,
				shares: scale.scale.bands.map((_, b) => group?.bands[b]?.proportion ?? null)
			};
		});
	});
}

export function bandsChart(columns: readonly BandColumn[], labels: BandsLabels): ChartConfiguration<'bar', Array<number | null>, string[]> {
	const colours = bandColours(labels.bands.length, labels.higherIsBetter);
	return {
		type: 'bar',
		data: {
			labels: columns.map((c) => lines(c.label)),
			datasets: labels.bands.map((band, b) => ({
				label: band,
				data: columns.map((c) => (c.shares[b] === null ? null : c.shares[b]! * 100)),
				backgroundColor: colours[b],
				borderColor: '#ffffff',
				borderWidth: 1
			}))
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: {
				x: { stacked: true, ticks: { autoSkip: false, maxRotation: 0 } },
				y: { stacked: true, beginAtZero: true, max: 100, title: { display: true, text: labels.share } }
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
