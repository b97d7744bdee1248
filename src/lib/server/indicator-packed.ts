/**
 * Parses the packed text of one wave (see indicator-rows.ts) into instrument blocks, in one forward
 * pass over the characters: no substring, array or object per score or answer, so two million
 * answers cost tens of milliseconds rather than the seconds their row objects would.
 *
 * Entry format (one per response), entries separated by `;`, tokens by spaces:
 *   `<site> <version> <received_at> <respondent_id> <scale>,<score>,<band>… <item>=<value>|<item>:<code>,<code>…`
 * where site and version are indices into the catalog, the rest keys and stored values.
 */
import type { BlockBuilder } from '../stats/indicators/builder';
import type { Catalog, VersionTable } from '../stats/indicators/catalog';
import { ITEM_ANSWERED, ITEM_DONT_KNOW } from '../stats/indicators/dataset';

const SPACE = 32;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const SEMICOLON = 59;
const EQUALS = 61;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/**
 * Finds one of a set of keys between two offsets of a text by its FNV-1a hash (open addressing),
 * without a substring. When the text can hold no other keys (`complete`) and no two keys share a
 * hash, a matching hash and length identify the key and its characters need no comparing.
 */
export class KeyIndex {
	private readonly slots: Int32Array;
	private readonly hashes: Int32Array;
	private readonly mask: number;
	private readonly verify: boolean;
	constructor(
		private readonly keys: readonly string[],
		complete = false
	) {
		let size = 8;
		while (size < keys.length * 4) size *= 2;
		this.slots = new Int32Array(size);
		this.hashes = new Int32Array(size);
		this.mask = size - 1;
		keys.forEach((key, i) => {
			const hash = hashOf(key);
			let at = hash & this.mask;
			while (this.slots[at] !== 0) at = (at + 1) & this.mask;
			this.slots[at] = i + 1;
			this.hashes[at] = hash;
		});
		this.verify = !complete || new Set(keys.map(hashOf)).size < new Set(keys).size;
	}
	/** Index of the key spelled by `text[start, end)` whose hash is `hash`, or −1. */
	find(text: string, start: number, end: number, hash: number): number {
		for (let at = hash & this.mask; this.slots[at] !== 0; at = (at + 1) & this.mask) {
			if (this.hashes[at] !== hash) continue;
			const key = this.keys[this.slots[at]! - 1]!;
			if (key.length === end - start && (!this.verify || spells(text, start, key))) return this.slots[at]! - 1;
		}
		return -1;
	}
}

/** Whether `text` has `key` at `start` (a char loop: `startsWith` costs more on such short keys). */
function spells(text: string, start: number, key: string): boolean {
	for (let i = 0; i < key.length; i++) if (text.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
	return true;
}

function hashOf(key: string): number {
	return hashRange(key, 0, key.length);
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Offset of the first of `,` space `;` (or the end) from `pos`: where a number or key token ends. */
function tokenEnd(text: string, pos: number): number {
	let ch = text.charCodeAt(pos);
	while (ch === ch && ch !== COMMA && ch !== SPACE && ch !== SEMICOLON) ch = text.charCodeAt(++pos);
	return pos;
}

/**
 * The decimal in `text[start, end)` as `Number` reads it (NaN when empty). Up to 15 significant
 * digits without exponent the digits are an exact integer and one division by an exact power of ten
 * rounds correctly (Clinger's fast path); anything else goes through `Number`.
 */
export function parseDecimal(text: string, start: number, end: number): number {
	let pos = start;
	const negative = text.charCodeAt(pos) === MINUS;
	if (negative) pos++;
	if (pos >= end) return NaN;
	let mantissa = 0;
	let digits = 0;
	let fraction = -1;
	for (; pos < end; pos++) {
		const ch = text.charCodeAt(pos);
		if (ch >= 48 && ch <= 57) {
			if (mantissa > 0 || ch !== 48) digits++;
			mantissa = mantissa * 10 + (ch - 48);
			if (fraction >= 0) fraction++;
		} else if (ch === DOT && fraction < 0) fraction = 0;
		else return Number(text.substring(start, end));
	}
	if (digits > 15 || fraction > 22) return Number(text.substring(start, end));
	const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
	return negative ? -value : value;
}

/** Lookup tables of one catalog for {@link parseWave}. */
export interface ParseTables {
	catalog: Catalog;
	scales: KeyIndex;
	bands: KeyIndex;
	items: KeyIndex;
}

export function parseTables(catalog: Catalog): ParseTables {
	// Every key a response of these versions can carry is indexed (item keys beyond the catalog's map to −1).
	return {
		catalog,
		scales: new KeyIndex(catalog.scaleKeys, true),
		bands: new KeyIndex(catalog.bandKeys, true),
		items: new KeyIndex(catalog.itemUniverse, true)
	};
}

/** Respondent ids (as stored) and the person each one counts as (−1: withdrawn). */
export interface RespondentIndex {
	ids: KeyIndex;
	person: Int32Array;
}

/**
 * Parses one wave's packed text into the builders. A response whose respondent is withdrawn (or
 * unknown), or that an already-read later response of the same person replaces, is skipped; one
 * given with a version the catalog lacks is skipped and its version id added to `unknownVersions`.
 */
export function parseWave(
	text: string,
	wave: number,
	tables: ParseTables,
	respondents: RespondentIndex,
	builders: BlockBuilder[],
	unknownVersions: Set<string> = new Set()
): void {
	const end = text.length;
	let pos = 0;
	while (pos < end) {
		let stop = tokenEnd(text, pos);
		const site = parseDecimal(text, pos, stop);
		pos = stop + 1;
		stop = tokenEnd(text, pos);
		const version = tables.catalog.versions[parseDecimal(text, pos, stop)];
		if (!version) unknownVersions.add(text.substring(pos, stop));
		const receivedAt = stop + 1;
		const idStart = text.indexOf(' ', receivedAt) + 1;
		let hash = FNV_OFFSET;
		let ch = text.charCodeAt((pos = idStart));
		while (ch !== SPACE && ch === ch) {
			hash = Math.imul(hash ^ ch, FNV_PRIME);
			ch = text.charCodeAt(++pos);
		}
		const respondent = respondents.ids.find(text, idStart, pos, hash);
		const person = respondent >= 0 ? respondents.person[respondent]! : -1;
		const builder = version ? builders[version.block] : undefined;
		const row = builder && person >= 0 && site >= 0 ? builder.startRow(person, wave, site, receivedAt, version!.initialStates) : -1;
		if (row < 0) {
			const next = text.indexOf(';', pos);
			pos = next < 0 ? end : next + 1;
		} else pos = readTokens(text, pos + 1, tables, version!, builder!, row);
	}
}

/** The `scale,score,band` and `item=value` tokens of one response from `pos`; returns the offset after its `;`. */
function readTokens(text: string, pos: number, tables: ParseTables, version: VersionTable, builder: BlockBuilder, row: number): number {
	for (;;) {
		const start = pos;
		let hash = FNV_OFFSET;
		let ch = text.charCodeAt(pos);
		while (ch === ch && ch !== COMMA && ch !== EQUALS && ch !== COLON && ch !== SPACE && ch !== SEMICOLON) {
			hash = Math.imul(hash ^ ch, FNV_PRIME);
			ch = text.charCodeAt(++pos);
		}
		const keyEnd = pos;
		if (ch === COMMA) {
			const scaleKey = tables.scales.find(text, start, keyEnd, hash);
			const scoreEnd = tokenEnd(text, keyEnd + 1);
			const bandStart = scoreEnd + 1;
			pos = tokenEnd(text, bandStart);
			const column = scaleKey >= 0 ? version.scaleColumn[scaleKey]! : -1;
			if (column >= 0) {
				const band = pos > bandStart ? tables.bands.find(text, bandStart, pos, hashRange(text, bandStart, pos)) : -1;
				builder.setScore(row, column, parseDecimal(text, keyEnd + 1, scoreEnd), band >= 0 ? version.bandPosition[scaleKey]![band]! : -1);
			}
		} else if (ch === EQUALS) {
			// The value, parsed in place (the common case: a short decimal such as `4.0`).
			const valueStart = ++pos;
			let mantissa = 0;
			let fraction = -1;
			let plain = true;
			ch = text.charCodeAt(pos);
			while (ch === ch && ch !== SPACE && ch !== SEMICOLON) {
				if (ch >= 48 && ch <= 57) {
					mantissa = mantissa * 10 + (ch - 48);
					if (fraction >= 0) fraction++;
				} else if (ch === DOT && fraction < 0) fraction = 0;
				else plain = false;
				ch = text.charCodeAt(++pos);
			}
			const itemKey = tables.items.find(text, start, keyEnd, hash);
			const column = itemKey >= 0 ? (version.itemColumn[itemKey] ?? -1) : -1;
			if (column >= 0 && pos > valueStart) {
				const value =
					plain && pos - valueStart <= 15
						? fraction > 0
							? mantissa / POWERS_OF_TEN[fraction]!
							: mantissa
						: parseDecimal(text, valueStart, pos);
				storeValue(builder, row, column, value, version.missingCodes[itemKey]!);
			}
		} else if (ch === COLON) {
			pos = keyEnd + 1;
			while (pos < text.length && text.charCodeAt(pos) !== SPACE && text.charCodeAt(pos) !== SEMICOLON) pos++;
			const itemKey = tables.items.find(text, start, keyEnd, hash);
			const column = itemKey >= 0 ? (version.itemColumn[itemKey] ?? -1) : -1;
			if (column >= 0) storeChoices(builder, row, column, text.substring(keyEnd + 1, pos), version.missingCodes[itemKey]!);
		}
		ch = text.charCodeAt(pos++);
		if (ch !== SPACE) return pos; // past the `;`, or beyond the end
	}
}

function hashRange(text: string, start: number, end: number): number {
	let hash = FNV_OFFSET;
	for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
	return hash;
}

function storeValue(builder: BlockBuilder, row: number, column: number, value: number, missing: readonly number[]): void {
	if (value !== value) return;
	for (let i = 0; i < missing.length; i++) {
		if (missing[i] === value) {
			builder.setItem(row, column, NaN, ITEM_DONT_KNOW);
			return;
		}
	}
	builder.setItem(row, column, value, ITEM_ANSWERED);
}

/** A multi answer scores the number of distinct substantive codes chosen; only "don't know" codes: don't know. */
function storeChoices(builder: BlockBuilder, row: number, column: number, codes: string, missing: readonly number[]): void {
	const chosen = new Set<number>();
	let missingChosen = false;
	for (const part of codes.split(',')) {
		const code = part === '' ? NaN : Number(part);
		if (missing.includes(code)) missingChosen = true;
		else if (Number.isFinite(code)) chosen.add(code);
	}
	if (chosen.size > 0) builder.setItem(row, column, chosen.size, ITEM_ANSWERED);
	else if (missingChosen) builder.setItem(row, column, NaN, ITEM_DONT_KNOW);
}

/** Compares the ISO timestamps that start at offsets `a` and `b` of `text` (each ends at a space). */
export function compareIso(text: string, a: number, b: number): number {
	for (;;) {
		const x = text.charCodeAt(a++);
		const y = text.charCodeAt(b++);
		if (x !== y) return x === SPACE ? -1 : y === SPACE ? 1 : x - y;
		if (x === SPACE) return 0;
	}
}
