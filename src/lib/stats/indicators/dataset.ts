/**
 * The compact, columnar input of the indicator computation: what the server reads from the
 * database in one pass, already cleaned (excluded responses and withdrawn respondents left out,
 * merged panel codes resolved to one person, one response per person × wave × instrument).
 * Typed arrays keep 10,000-respondent projects in a few MB without a JS object per answer.
 */
import type { ScaleInfo, SiteInfo, SubgroupOption, WaveInfo } from './types';

/** State of one scale item in one response. */
export const ITEM_NOT_ASKED = 0;
export const ITEM_ANSWERED = 1;
export const ITEM_DONT_KNOW = 2;
export const ITEM_UNANSWERED = 3;

/** One instrument's responses: one row per person × wave, columns for its scale items and scales. */
export interface InstrumentBlock {
	instrument: string;
	/** Item keys stored per row: the scale items of the instrument. */
	items: string[];
	/** Items with a relevance condition (see ItemMissing.conditional). */
	conditional: boolean[];
	/** Indices into `IndicatorDataset.scales` of this block's scales, one column each. */
	scales: number[];
	rows: number;
	person: Int32Array;
	wave: Uint8Array;
	site: Uint16Array;
	/** rows × items: scored value (before reverse coding), NaN when not answered or "don't know". */
	values: Float64Array;
	/** rows × items: ITEM_* state. */
	states: Uint8Array;
	/** rows × scales: the stored score, NaN when the response has none. */
	scores: Float64Array;
	/** rows × scales: position of the stored band in the scale's bands, −1 for none. */
	bands: Int8Array;
}

/** Where a scale's data sits: its block, its score column and its items' columns. */
export interface ScaleLayout {
	block: number;
	column: number;
	/** Block item column of each scale item, −1 when no stored version has it. */
	itemColumns: number[];
	/** Per scale item, `min + max` of its range when reverse-coded in this scale, else `null`. */
	reverseSums: Array<number | null>;
}

export interface IndicatorDataset {
	waves: WaveInfo[];
	/** Index of the baseline wave in `waves`, −1 when the project has no waves. */
	baseline: number;
	sites: SiteInfo[];
	scales: ScaleInfo[];
	layouts: ScaleLayout[];
	blocks: InstrumentBlock[];
	/** Number of persons; `person` columns index 0 … persons − 1. */
	persons: number;
	subgroups: SubgroupOption[];
}

/** Which rows count: a site index (or −1 for all) and a per-person mask (or `null` for all). */
export interface RowFilter {
	site: number;
	persons: Uint8Array | null;
}

/** Whether row `row` of `block` passes the filter. */
export function rowIncluded(block: InstrumentBlock, row: number, filter: RowFilter): boolean {
	if (filter.site >= 0 && block.site[row] !== filter.site) return false;
	return filter.persons === null || filter.persons[block.person[row]!] === 1;
}

/** The block's rows of each wave, in row order. */
export function rowsByWave(block: InstrumentBlock, waves: number): Int32Array[] {
	const counts = new Int32Array(waves);
	for (let row = 0; row < block.rows; row++) counts[block.wave[row]!]!++;
	const lists = Array.from({ length: waves }, (_, wave) => new Int32Array(counts[wave]!));
	const filled = new Int32Array(waves);
	for (let row = 0; row < block.rows; row++) {
		const wave = block.wave[row]!;
		lists[wave]![filled[wave]!++] = row;
	}
	return lists;
}
