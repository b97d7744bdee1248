/**
 * A workbook as plain data: sheets of rows of text cells. The conversion works on this shape only,
 * so it is tested with literal tables; `workbook.ts` turns .xlsx files into it and back.
 */

export interface SheetRow {
	/** 1-based spreadsheet row number. */
	row: number;
	/** Cell texts by 0-based column; '' for an empty cell. */
	cells: string[];
}

export interface Sheet {
	name: string;
	/** Every non-empty row, the header (row 1) included. */
	rows: SheetRow[];
}

/** One numeric cell as text: whole numbers without a decimal part (`1.0` → `1`), no float noise. */
export function numberText(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	return String(Number(value.toPrecision(15)));
}

/** A typed-in number (`1.0`, `02`) as its plain text, or undefined when the text is not a number. */
export function numericText(text: string): string | undefined {
	if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) return undefined;
	return numberText(Number(text));
}
