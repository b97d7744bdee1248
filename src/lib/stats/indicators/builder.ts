/**
 * Fills an instrument's block row by row while stored rows are read, keeping one row per
 * person × wave: when a person has two responses to the instrument in one wave (two panel codes
 * later merged, or a repeat visit) the one received last counts. Growable typed arrays, no object
 * per row. Pure.
 */
import type { BlockShape } from './catalog';
import type { InstrumentBlock } from './dataset';

/** Whether the response keyed `key` was received no earlier than the one keyed `previousKey`. */
export type IsLater = (previousKey: number, key: number) => boolean;

/**
 * A class rather than closures: the reader calls these methods millions of times on builders of
 * several instruments, and one hidden class keeps those calls monomorphic.
 */
export class BlockBuilder {
	private readonly width: number;
	private readonly scaleWidth: number;
	private readonly slot: Int32Array;
	private capacity = 256;
	private rows = 0;
	private person = new Int32Array(this.capacity);
	private wave = new Uint8Array(this.capacity);
	private site = new Uint16Array(this.capacity);
	private keys = new Int32Array(this.capacity);
	private values: Float64Array;
	private states: Uint8Array;
	private scores: Float64Array;
	private bands: Int8Array;

	constructor(
		private readonly shape: BlockShape,
		persons: number,
		private readonly waves: number,
		private readonly isLater: IsLater
	) {
		this.width = shape.items.length;
		this.scaleWidth = shape.scales.length;
		this.slot = new Int32Array(persons * waves).fill(-1);
		this.values = new Float64Array(this.capacity * this.width);
		this.states = new Uint8Array(this.capacity * this.width);
		this.scores = new Float64Array(this.capacity * this.scaleWidth);
		this.bands = new Int8Array(this.capacity * this.scaleWidth);
	}

	/**
	 * The row for this person × wave, cleared and set to `site`; or −1 when an already-read response
	 * of the same person × wave was received later, and this one is to be skipped.
	 */
	startRow(person: number, wave: number, site: number, key: number, initialStates: Uint8Array): number {
		const at = person * this.waves + wave;
		let row = this.slot[at]!;
		if (row >= 0) {
			if (!this.isLater(this.keys[row]!, key)) return -1;
		} else {
			if (this.rows === this.capacity) this.grow();
			row = this.rows++;
			this.slot[at] = row;
		}
		this.person[row] = person;
		this.wave[row] = wave;
		this.site[row] = site;
		this.keys[row] = key;
		// Plain loops: rows are a few cells wide, where a builtin call per field costs more than the work.
		const { width, scaleWidth, values, states, scores, bands } = this;
		for (let i = 0, cell = row * width; i < width; i++, cell++) {
			values[cell] = NaN;
			states[cell] = initialStates[i]!;
		}
		for (let i = 0, cell = row * scaleWidth; i < scaleWidth; i++, cell++) {
			scores[cell] = NaN;
			bands[cell] = -1;
		}
		return row;
	}

	setItem(row: number, column: number, value: number, state: number): void {
		this.values[row * this.width + column] = value;
		this.states[row * this.width + column] = state;
	}

	setScore(row: number, column: number, score: number, band: number): void {
		this.scores[row * this.scaleWidth + column] = score;
		this.bands[row * this.scaleWidth + column] = band;
	}

	finish(): InstrumentBlock {
		const rows = this.rows;
		return {
			...this.shape,
			rows,
			person: this.person.slice(0, rows),
			wave: this.wave.slice(0, rows),
			site: this.site.slice(0, rows),
			values: this.values.slice(0, rows * this.width),
			states: this.states.slice(0, rows * this.width),
			scores: this.scores.slice(0, rows * this.scaleWidth),
			bands: this.bands.slice(0, rows * this.scaleWidth)
		};
	}

	private grow(): void {
		this.capacity *= 2;
		this.person = resized(this.person, this.capacity);
		this.wave = resized(this.wave, this.capacity);
		this.site = resized(this.site, this.capacity);
		this.keys = resized(this.keys, this.capacity);
		this.values = resized(this.values, this.capacity * this.width);
		this.states = resized(this.states, this.capacity * this.width);
		this.scores = resized(this.scores, this.capacity * this.scaleWidth);
		this.bands = resized(this.bands, this.capacity * this.scaleWidth);
	}
}

function resized<T extends Int32Array | Uint8Array | Uint16Array | Int8Array | Float64Array>(array: T, length: number): T {
	const next = new (array.constructor as new (length: number) => T)(length);
	next.set(array);
	return next;
}
