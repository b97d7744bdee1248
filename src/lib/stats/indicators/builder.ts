/**
 * Fills an instrument's block row by row while stored rows are read, keeping one row per
 * person × wave: when a person has two responses to the instrument in one wave (two panel codes
 * later merged, or a repeat visit) the one received last counts. Growable typed arrays, no object
 * per row. Pure.
 */
import type { BlockShape } from './catalog';
import type { InstrumentBlock } from './dataset';

export interface BlockBuilder {
	/**
	 * The row for this person × wave, cleared and set to `site`; or −1 when an earlier-read response
	 * of the same person × wave is the later one (`isLater(previousKey, key)` decides) and this
	 * one is to be skipped.
	 */
	startRow(person: number, wave: number, site: number, key: number, initialStates: Uint8Array): number;
	setItem(row: number, column: number, value: number, state: number): void;
	setScore(row: number, column: number, score: number, band: number): void;
	finish(): InstrumentBlock;
}

export function createBlockBuilder(
	shape: BlockShape,
	persons: number,
	waves: number,
	isLater: (previousKey: number, key: number) => boolean
): BlockBuilder {
	const width = shape.items.length;
	const scaleWidth = shape.scales.length;
	const slot = new Int32Array(persons * waves).fill(-1);
	let capacity = 256;
	let rows = 0;
	let person = new Int32Array(capacity);
	let wave = new Uint8Array(capacity);
	let site = new Uint16Array(capacity);
	let keys = new Int32Array(capacity);
	let values = new Float64Array(capacity * width);
	let states = new Uint8Array(capacity * width);
	let scores = new Float64Array(capacity * scaleWidth);
	let bands = new Int8Array(capacity * scaleWidth);

	function grow(): void {
		capacity *= 2;
		person = resized(person, capacity);
		wave = resized(wave, capacity);
		site = resized(site, capacity);
		keys = resized(keys, capacity);
		values = resized(values, capacity * width);
		states = resized(states, capacity * width);
		scores = resized(scores, capacity * scaleWidth);
		bands = resized(bands, capacity * scaleWidth);
	}

	return {
		startRow(p, w, s, key, initialStates) {
			const at = p * waves + w;
			let row = slot[at]!;
			if (row >= 0) {
				if (!isLater(keys[row]!, key)) return -1;
			} else {
				if (rows === capacity) grow();
				row = rows++;
				slot[at] = row;
			}
			person[row] = p;
			wave[row] = w;
			site[row] = s;
			keys[row] = key;
			// Plain loops: rows are a few cells wide, where a builtin call per field costs more than the work.
			for (let i = 0, at = row * width; i < width; i++, at++) {
				values[at] = NaN;
				states[at] = initialStates[i]!;
			}
			for (let i = 0, at = row * scaleWidth; i < scaleWidth; i++, at++) {
				scores[at] = NaN;
				bands[at] = -1;
			}
			return row;
		},
		setItem(row, column, value, state) {
			values[row * width + column] = value;
			states[row * width + column] = state;
		},
		setScore(row, column, score, band) {
			scores[row * scaleWidth + column] = score;
			bands[row * scaleWidth + column] = band;
		},
		finish() {
			return {
				...shape,
				rows,
				person: person.slice(0, rows),
				wave: wave.slice(0, rows),
				site: site.slice(0, rows),
				values: values.slice(0, rows * width),
				states: states.slice(0, rows * width),
				scores: scores.slice(0, rows * scaleWidth),
				bands: bands.slice(0, rows * scaleWidth)
			};
		}
	};
}

function resized<T extends Int32Array | Uint8Array | Uint16Array | Int8Array | Float64Array>(array: T, length: number): T {
	const next = new (array.constructor as new (length: number) => T)(length);
	next.set(array);
	return next;
}
