/**
 * UTF-8 output gathered in one buffer. The long file repeats a few dozen fields (names, labels)
 * millions of times; copying their bytes, encoded once, costs a fraction of building the same text
 * as JavaScript strings and encoding it again for every chunk. Pure.
 */
import { csvField } from './csv';

const encoder = new TextEncoder();

export class ByteChunks {
	private buffer: Uint8Array;
	private used = 0;

	constructor(readonly chunkSize = 64 * 1024) {
		this.buffer = new Uint8Array(chunkSize * 2);
	}

	get length(): number {
		return this.used;
	}

	private room(n: number): void {
		if (this.used + n <= this.buffer.length) return;
		const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + n));
		grown.set(this.buffer.subarray(0, this.used));
		this.buffer = grown;
	}

	bytes(bytes: Uint8Array): void {
		this.room(bytes.length);
		this.buffer.set(bytes, this.used);
		this.used += bytes.length;
	}

	byte(value: number): void {
		this.room(1);
		this.buffer[this.used++] = value;
	}

	/** Text known to be ASCII (numbers): written a character a byte, with no encoder call. */
	ascii(text: string): void {
		this.room(text.length);
		for (let i = 0; i < text.length; i++) this.buffer[this.used++] = text.charCodeAt(i);
	}

	text(text: string): void {
		this.room(text.length * 3);
		this.used += encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
	}

	/** Whether a chunk's worth is gathered. */
	full(): boolean {
		return this.used >= this.chunkSize;
	}

	/** The bytes gathered so far (a copy), and a fresh start. */
	take(): Uint8Array {
		const chunk = this.buffer.slice(0, this.used);
		this.used = 0;
		return chunk;
	}
}

/** CSV fields as UTF-8, each encoded once (an export's names and labels are few). */
export class FieldBytes {
	private readonly fields = new Map<string, Uint8Array>();
	constructor(readonly excel: boolean) {}

	get(value: string): Uint8Array {
		let bytes = this.fields.get(value);
		if (bytes === undefined) {
			bytes = encoder.encode(csvField(value, this.excel));
			this.fields.set(value, bytes);
		}
		return bytes;
	}

	/** A value that rarely repeats (free text), encoded every time. */
	once(value: string): Uint8Array {
		return encoder.encode(csvField(value, this.excel));
	}
}

export const COMMA = 44;
export const LINE_END_BYTES = encoder.encode('\r\n');
