/**
 * What a project's indicators are computed over, from its waves, sites and the instrument versions
 * its responses were given with: the scales (defined by each instrument's newest version), the
 * columns each instrument's rows keep, and the lookup tables the server's reader needs to turn
 * stored rows into those columns. Pure.
 */
import { itemRange, reverseItems } from '$lib/instruments/scoring';
import type { Instrument, Item } from '$lib/instruments/types';
import { ITEM_NOT_ASKED, ITEM_UNANSWERED, type ScaleLayout } from './dataset';
import type { ScaleInfo, SiteInfo, SubgroupOption, WaveInfo } from './types';

export interface CatalogVersion {
	id: string;
	createdAt: string;
	instrument: Instrument;
}

export interface CatalogWave {
	id: string;
	name: string;
	kind: 'baseline' | 'follow-up';
	order: number;
}

/** How one stored instrument version maps onto the block of its instrument. */
export interface VersionTable {
	block: number;
	/** By index into `Catalog.scaleKeys`: the block's score column, or −1. */
	scaleColumn: Int16Array;
	/** By index into `Catalog.scaleKeys`, then into `Catalog.bandKeys`: band position, or −1. */
	bandPosition: Int8Array[];
	/** By index into `Catalog.itemKeys`: the block's item column, or −1. */
	itemColumn: Int16Array;
	/** By index into `Catalog.itemKeys`: this version's "don't know / refused" codes of the item. */
	missingCodes: number[][];
	/** By block item column: the state a row starts with before its answers are read (ITEM_*). */
	initialStates: Uint8Array;
}

export interface BlockShape {
	instrument: string;
	items: string[];
	conditional: boolean[];
	scales: number[];
}

export interface Catalog {
	waves: WaveInfo[];
	baseline: number;
	sites: SiteInfo[];
	scales: ScaleInfo[];
	layouts: ScaleLayout[];
	blocks: BlockShape[];
	subgroups: SubgroupOption[];
	/** Distinct keys the reader translates to small numbers (their index here). */
	scaleKeys: string[];
	bandKeys: string[];
	itemKeys: string[];
	/** `itemKeys`, then every other item key of the versions: all keys a stored answer can have. */
	itemUniverse: string[];
	/** Item keys (of `itemKeys`) answered by choosing several codes: read from their codes, not their count. */
	multiItemKeys: string[];
	/** In the order of the `versions` given. */
	versionIds: string[];
	versions: VersionTable[];
}

/** Orders waves, picks the baseline (the first wave of kind baseline, else the first wave). */
export function orderWaves(waves: readonly CatalogWave[]): { waves: WaveInfo[]; baseline: number } {
	const ordered = [...waves].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
	const firstBaseline = ordered.findIndex((wave) => wave.kind === 'baseline');
	const baseline = ordered.length === 0 ? -1 : Math.max(firstBaseline, 0);
	return { waves: ordered.map((wave, i) => ({ ...wave, isBaseline: i === baseline })), baseline };
}

/** Single-choice background items (of instruments that score no scale) with their substantive options. */
function subgroupItems(instrument: Instrument): Array<{ item: Item; option: SubgroupOption }> {
	if (instrument.scales.length > 0) return [];
	return instrument.items
		.filter((item) => item.type === 'single')
		.map((item) => {
			const options = instrument.responseScales.find((scale) => scale.key === item.scale)?.options ?? [];
			return {
				item,
				option: {
					item: item.key,
					instrument: instrument.key,
					prompt: item.prompt,
					options: options.filter((o) => !o.missing).map((o) => ({ code: o.code, label: o.label }))
				}
			};
		});
}

function scaleRange(instrument: Instrument, scale: Instrument['scales'][number]): ScaleInfo['range'] {
	const ranges = scale.items.map((key) => itemRange(instrument, key));
	if (ranges.length === 0 || ranges.some((range) => range === undefined)) return null;
	const k = scale.method === 'sum' ? scale.items.length : 1;
	let min = Math.min(...ranges.map((range) => range![0])) * k;
	let max = Math.max(...ranges.map((range) => range![1])) * k;
	if (scale.transform) {
		[min, max] = [min * scale.transform.multiply + scale.transform.add, max * scale.transform.multiply + scale.transform.add];
		if (min > max) [min, max] = [max, min];
	}
	return { min, max };
}

/** Builds the catalog; `versions` are every instrument version the project's data uses. */
export function buildCatalog(waves: readonly CatalogWave[], sites: readonly SiteInfo[], versions: readonly CatalogVersion[]): Catalog {
	const newest = new Map<string, CatalogVersion>();
	for (const version of versions) {
		const known = newest.get(version.instrument.key);
		if (!known || version.createdAt > known.createdAt) newest.set(version.instrument.key, version);
	}
	const instruments = [...newest.values()].map((v) => v.instrument).sort((a, b) => a.key.localeCompare(b.key));
	const keyCount = new Map<string, number>();
	for (const scale of instruments.flatMap((i) => i.scales)) keyCount.set(scale.key, (keyCount.get(scale.key) ?? 0) + 1);

	const scales: ScaleInfo[] = [];
	const layouts: ScaleLayout[] = [];
	const blocks: BlockShape[] = [];
	const subgroups: SubgroupOption[] = [];
	for (const instrument of instruments) {
		const background = subgroupItems(instrument);
		const items = [...new Set([...instrument.scales.flatMap((s) => s.items), ...background.map((b) => b.item.key)])];
		const block: BlockShape = {
			instrument: instrument.key,
			items,
			conditional: items.map((key) => instrument.items.some((item) => item.key === key && item.relevance !== undefined)),
			scales: []
		};
		for (const scale of instrument.scales) {
			const reversed = reverseItems(instrument, scale);
			block.scales.push(scales.length);
			layouts.push({
				block: blocks.length,
				column: block.scales.length - 1,
				itemColumns: scale.items.map((key) => items.indexOf(key)),
				reverseSums: scale.items.map((key) => {
					const range = reversed.has(key) ? itemRange(instrument, key) : undefined;
					return range ? range[0] + range[1] : null;
				})
			});
			scales.push({
				id: (keyCount.get(scale.key) ?? 0) > 1 ? `${instrument.key}.${scale.key}` : scale.key,
				instrument: instrument.key,
				key: scale.key,
				label: scale.label,
				description: scale.description ?? null,
				method: scale.method,
				higherIsBetter: scale.higherIsBetter,
				items: scale.items,
				range: scaleRange(instrument, scale),
				bands: scale.bands,
				transform: scale.transform ?? null
			});
		}
		subgroups.push(...background.map((b) => b.option));
		blocks.push(block);
	}

	const scaleKeys = [...new Set(versions.flatMap((v) => v.instrument.scales.map((s) => s.key)))];
	const bandKeys = [...new Set(versions.flatMap((v) => v.instrument.scales.flatMap((s) => s.bands.map((b) => b.key))))];
	const itemKeys = [...new Set(blocks.flatMap((b) => b.items))];
	const blockOf = new Map(blocks.map((b, i) => [b.instrument, i]));
	const tables = versions.map((version): VersionTable => {
		const blockIndex = blockOf.get(version.instrument.key)!;
		const block = blocks[blockIndex]!;
		const own = (key: string) => version.instrument.scales.find((s) => s.key === key);
		return {
			block: blockIndex,
			scaleColumn: Int16Array.from(scaleKeys, (key) => (own(key) ? block.scales.findIndex((i) => scales[i]!.key === key) : -1)),
			bandPosition: scaleKeys.map((key) => {
				const current = block.scales.map((i) => scales[i]!).find((s) => s.key === key);
				return Int8Array.from(bandKeys, (band) => current?.bands.findIndex((b) => b.key === band) ?? -1);
			}),
			itemColumn: Int16Array.from(itemKeys, (key) => (version.instrument.items.some((i) => i.key === key) ? block.items.indexOf(key) : -1)),
			missingCodes: itemKeys.map((key) => missingCodesOf(version.instrument, key)),
			initialStates: Uint8Array.from(block.items, (key, column) =>
				version.instrument.items.some((i) => i.key === key) && !block.conditional[column] ? ITEM_UNANSWERED : ITEM_NOT_ASKED
			)
		};
	});
	const ordered = orderWaves(waves);
	return {
		...ordered,
		sites: [...sites],
		scales,
		layouts,
		blocks,
		subgroups,
		scaleKeys,
		bandKeys,
		itemKeys,
		itemUniverse: [...new Set([...itemKeys, ...versions.flatMap((v) => v.instrument.items.map((i) => i.key))])],
		multiItemKeys: itemKeys.filter((key) => versions.some((v) => v.instrument.items.some((i) => i.key === key && i.type === 'multi'))),
		versionIds: versions.map((v) => v.id),
		versions: tables
	};
}

function missingCodesOf(instrument: Instrument, itemKey: string): number[] {
	const item = instrument.items.find((i) => i.key === itemKey);
	const options = instrument.responseScales.find((scale) => scale.key === item?.scale)?.options ?? [];
	return options.filter((o) => o.missing).map((o) => o.code);
}
