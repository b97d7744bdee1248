import { describe, expect, it } from 'vitest';
import { daysBetween, responsesPerDayChart, SITE_COLOURS } from '$lib/charts/responses-per-day';

const labels = { visits: 'Visits', day: 'Day (UTC)' };
const sites = [
	{ id: 's1', name: 'East' },
	{ id: 's2', name: 'West' }
];

describe('daysBetween', () => {
	it('lists every day inclusive, across a month end', () => {
		expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
	});
});

describe('responsesPerDayChart', () => {
	it('stacks one dataset per site over every day from the first to the last, zeros where nobody was seen', () => {
		const config = responsesPerDayChart(
			[
				{ day: '2026-03-03', siteId: 's1', visits: 4 },
				{ day: '2026-03-01', siteId: 's2', visits: 2 },
				{ day: '2026-03-03', siteId: 's2', visits: 1 }
			],
			sites,
			labels
		);
		expect(config.type).toBe('bar');
		expect(config.data.labels).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
		expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
			['East', [0, 0, 4]],
			['West', [2, 0, 1]]
		]);
		expect(config.data.datasets[0]!.backgroundColor).toBe(SITE_COLOURS[0]);
		expect(config.options?.scales?.x).toMatchObject({ stacked: true, title: { text: 'Day (UTC)' } });
		expect(config.options?.scales?.y).toMatchObject({ stacked: true, beginAtZero: true, title: { text: 'Visits' } });
	});

	it('has no days and empty datasets when there are no visits', () => {
		const config = responsesPerDayChart([], sites, labels);
		expect(config.data.labels).toEqual([]);
		expect(config.data.datasets.map((d) => d.data)).toEqual([[], []]);
	});
});
