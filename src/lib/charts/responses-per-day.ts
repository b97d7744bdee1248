/**
 * Shapes fieldwork visits per day into a stacked bar chart config, one dataset per site.
 * Pure: no DOM, no Chart.js runtime — the attachment in `bar-chart.ts` draws what this returns.
 */
import type { ChartConfiguration } from 'chart.js';

export interface DailyVisits {
	/** UTC day, `YYYY-MM-DD`. */
	day: string;
	siteId: string;
	visits: number;
}

export interface ChartSite {
	id: string;
	name: string;
}

export interface PerDayLabels {
	/** Title of the value axis, e.g. "Visits". */
	visits: string;
	/** Title of the day axis, e.g. "Day (UTC)". */
	day: string;
}

/** Distinct colours that stay apart for the colour-blind (Okabe–Ito), repeated beyond eight sites. */
export const SITE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Every UTC day from `first` to `last` inclusive, so days without visits show as gaps. */
export function daysBetween(first: string, last: string): string[] {
	const days: string[] = [];
	const end = Date.parse(`${last}T00:00:00Z`);
	for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
	return days;
}

export function responsesPerDayChart(
	rows: DailyVisits[],
	sites: ChartSite[],
	labels: PerDayLabels
): ChartConfiguration<'bar', number[], string> {
	const sorted = rows.map((r) => r.day).sort();
	const days = sorted.length > 0 ? daysBetween(sorted[0] as string, sorted[sorted.length - 1] as string) : [];
	const index = new Map(days.map((day, i) => [day, i]));
	const datasets = sites.map((site, i) => {
		const data = days.map(() => 0);
		for (const row of rows) {
			const at = index.get(row.day);
			if (row.siteId === site.id && at !== undefined) data[at] = (data[at] ?? 0) + row.visits;
		}
		const colour = SITE_COLOURS[i % SITE_COLOURS.length] as string;
		return { label: site.name, data, backgroundColor: colour, borderColor: colour };
	});
	return {
		type: 'bar',
		data: { labels: days, datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: {
				x: { stacked: true, title: { display: true, text: labels.day } },
				y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: labels.visits } }
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
