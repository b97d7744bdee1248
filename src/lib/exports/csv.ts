/**
 * CSV as RFC 4180 has it (comma, double quotes doubled, CRLF line ends), every field quoted by
 * csv-stringify. A million-row file cannot afford the library's per-record work, so fields are
 * encoded one by one and the repeated ones (names, labels, ids) once per export: a line is then a
 * join of ready fields. Numbers never need quoting and are written as JavaScript prints them. Pure.
 */
import { stringify } from 'csv-stringify/sync';

/** Fields that csv-stringify writes unchanged, also with formula escaping. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export const BOM = '\uFEFF';
export const LINE_END = '\r\n';

/**
 * One field as csv-stringify writes it. `excel`: text that Excel would run as a formula (`=`, `+`,
 * `-`, `@` first) gets a leading apostrophe — only in files meant for Excel, since it changes the text.
 */
export function csvField(value: string, excel: boolean): string {
	return stringify([[value]], { eof: false, escape_formulas: excel });
}

/** A line of already encoded fields. */
export function csvLine(fields: readonly string[]): string {
	return fields.join(',') + LINE_END;
}

/** A line of plain values. */
export function csvRecord(values: readonly string[], excel: boolean): string {
	return csvLine(values.map((v) => csvField(v, excel)));
}

/** Encodes fields, remembering the ones that repeat (an export's names and labels are few). */
export class FieldCache {
	private readonly fields = new Map<string, string>();
	constructor(readonly excel: boolean) {}

	/** A repeating value, encoded once. */
	get(value: string): string {
		let field = this.fields.get(value);
		if (field === undefined) {
			field = csvField(value, this.excel);
			this.fields.set(value, field);
		}
		return field;
	}

	/**
	 * A value that rarely repeats, such as an id: letters and digits (and `_ . : -` after the first)
	 * are written as they are — exactly what csv-stringify would write — anything else is encoded.
	 */
	id(value: string): string {
		return SAFE.test(value) ? value : csvField(value, this.excel);
	}

	/** A value that rarely repeats (free text), encoded every time. */
	once(value: string): string {
		return csvField(value, this.excel);
	}
}

/** A number as a field; missing is an empty field. */
export function numberField(value: number | null | undefined): string {
	return value === null || value === undefined || Number.isNaN(value) ? '' : String(value);
}
