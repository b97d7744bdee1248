import { describe, expect, it } from 'vitest';
import { buildCatalog, orderWaves, type CatalogVersion } from '$lib/stats/indicators/catalog';
import { ITEM_NOT_ASKED, ITEM_UNANSWERED } from '$lib/stats/indicators/dataset';
import { loadInstruments } from '../../../fixtures/load-instruments';

const library = loadInstruments();
const versions: CatalogVersion[] = library.map((instrument, i) => ({ id: `v${i}`, createdAt: '2026-01-01T00:00:00Z', instrument }));
const sites = [
	{ id: 's1', name: 'East', arm: 'project' as const, region: null, targetPerWave: 10 },
	{ id: 's2', name: 'West', arm: 'comparison' as const, region: null, targetPerWave: 10 }
];
const waves = [
	{ id: 'w2', name: 'Follow-up', kind: 'follow-up' as const, order: 2 },
	{ id: 'w1', name: 'Baseline', kind: 'baseline' as const, order: 1 }
];

describe('buildCatalog over the instrument library', () => {
	const catalog = buildCatalog(waves, sites, versions);
	const scale = (key: string) => catalog.scales.find((s) => s.key === key)!;

	it('lists every scale once, by its key, with its range on the reported metric', () => {
		expect(catalog.scales).toHaveLength(13);
		expect(new Set(catalog.scales.map((s) => s.id)).size).toBe(13);
		expect(scale('sense_of_community').range).toEqual({ min: 1, max: 5 });
		expect(scale('wellbeing').range).toEqual({ min: 0, max: 100 });
		expect(scale('wellbeing').transform).toEqual({ multiply: 4, add: 0 });
		expect(scale('distress').higherIsBetter).toBe(false);
	});

	it('keeps each scale item in a column of its instrument, with min + max for reverse-coded items', () => {
		const belonging = catalog.layouts[catalog.scales.indexOf(scale('belonging'))]!;
		const block = catalog.blocks[belonging.block]!;
		expect(block.instrument).toBe('community-identity');
		expect(belonging.itemColumns.map((column) => block.items[column])).toEqual(scale('belonging').items);
		const reversed = scale('belonging').items.filter((_, i) => belonging.reverseSums[i] !== null);
		expect(reversed).toEqual(['bel_guest', 'bel_leave']);
		expect(belonging.reverseSums.filter((sum) => sum !== null)).toEqual([6, 6]);
	});

	it('offers the single-choice background items as subgroups, without "don\'t know" options', () => {
		const items = catalog.subgroups.map((s) => s.item);
		expect(items).toContain('dem_gender');
		expect(items).toContain('dem_reloc_year');
		expect(items).not.toContain('part_vol');
		const year = catalog.subgroups.find((s) => s.item === 'dem_reloc_year')!;
		expect(year.options.map((o) => o.code)).not.toContain(99);
	});

	it('maps each version onto its block: score columns, band positions, item columns, missing codes, initial states', () => {
		const identity = versions.findIndex((v) => v.instrument.key === 'community-identity');
		const table = catalog.versions[identity]!;
		expect(catalog.blocks[table.block]!.instrument).toBe('community-identity');
		expect(table.scaleColumn[catalog.scaleKeys.indexOf('wellbeing')]).toBe(-1);
		expect(table.scaleColumn[catalog.scaleKeys.indexOf('belonging')]).toBeGreaterThanOrEqual(0);
		expect(table.missingCodes[catalog.itemKeys.indexOf('bscs_1')]).toEqual([9]);
		expect([...table.initialStates].every((state) => state === ITEM_UNANSWERED)).toBe(true);
		const psych = versions.findIndex((v) => v.instrument.key === 'psychological-adaptation');
		const bands = catalog.versions[psych]!.bandPosition[catalog.scaleKeys.indexOf('wellbeing')]!;
		expect(bands[catalog.bandKeys.indexOf('poor')]).toBe(0);
		expect(bands[catalog.bandKeys.indexOf('adequate')]).toBe(1);
	});

	it('treats a conditional item as not asked until it is answered', () => {
		const participation = versions.findIndex((v) => v.instrument.key === 'community-participation');
		const block = catalog.blocks[catalog.versions[participation]!.block]!;
		expect(block.conditional.some(Boolean)).toBe(false); // no scale item of the library is conditional
		expect(catalog.versions[participation]!.initialStates.includes(ITEM_NOT_ASKED)).toBe(false);
	});
});

describe('orderWaves', () => {
	it('orders by wave order and takes the first baseline-kind wave as the baseline', () => {
		const { waves: ordered, baseline } = orderWaves(waves);
		expect(ordered.map((w) => w.id)).toEqual(['w1', 'w2']);
		expect(baseline).toBe(0);
		expect(ordered[0]!.isBaseline).toBe(true);
	});

	it('falls back to the first wave, and to none without waves', () => {
		expect(orderWaves([{ id: 'a', name: 'A', kind: 'follow-up', order: 3 }]).baseline).toBe(0);
		expect(orderWaves([]).baseline).toBe(-1);
	});
});
