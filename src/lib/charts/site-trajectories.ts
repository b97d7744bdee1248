/**
 * Per-site trajectories: each site's mean across waves, comparison sites dashed. Pure.
 */
import type { ChartConfiguration } from 'chart.js';
import type { ScaleIndicators, SiteInfo, WaveInfo } from '$lib/stats/indicators/types';
import { lines } from './means-chart';
import { SITE_COLOURS } from './responses-per-day';

export function siteTrajectories(
	scale: ScaleIndicators,
	waves: readonly WaveInfo[],
	sites: readonly SiteInfo[],
	labels: { value: string }
): ChartConfiguration<'line', Array<number | null>, string[]> {
	const shown = sites.filter((site) => scale.waves.some((w) => w.sites.some((s) => s.siteId === site.id)));
	return {
		type: 'line',
		data: {
			labels: waves.map((w) => lines(w.name)),
			datasets: shown.map((site, i) => {
				const colour = SITE_COLOURS[i % SITE_COLOURS.length]!;
				return {
					label: site.name,
					data: waves.map((wave) => scale.waves.find((w) => w.waveId === wave.id)?.sites.find((s) => s.siteId === site.id)?.mean ?? null),
					borderColor: colour,
					backgroundColor: colour,
					borderDash: site.arm === 'comparison' ? [6, 4] : [],
					pointRadius: 3,
					spanGaps: true
				};
			})
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: { x: { ticks: { maxRotation: 0 } }, y: { title: { display: true, text: labels.value } } },
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
