/** Reading XLSForm workbooks in tests: the shared real forms, and forms built here with exceljs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { xlsformToInstrument, type XlsformImport, type XlsformImportOptions } from '$lib/xlsform/import';
import { formatIssue } from '$lib/xlsform/issues';
import type { Sheet } from '$lib/xlsform/sheets';
import { readWorkbook, writeWorkbook } from '$lib/xlsform/workbook';

/** The real workbooks from pyxform's fixtures, kept outside the repository (`../shared/xlsforms/`). */
export const SHARED_XLSFORMS = fileURLToPath(new URL('../../../../shared/xlsforms/', import.meta.url));

export async function importSharedForm(file: string): Promise<XlsformImport> {
	return xlsformToInstrument(await readWorkbook(readFileSync(`${SHARED_XLSFORMS}${file}`)), { fileName: file });
}

/** A sheet from literal rows (row 1 is the header). */
export function sheet(name: string, rows: string[][]): Sheet {
	return { name, rows: rows.map((cells, i) => ({ row: i + 1, cells })) };
}

/** Writes the sheets to a real .xlsx with exceljs and imports that file. */
export async function importBuilt(sheets: Sheet[], options: XlsformImportOptions = { fileName: 'built.xlsx' }): Promise<XlsformImport> {
	return xlsformToInstrument(await readWorkbook(await writeWorkbook(sheets)), options);
}

export const errors = (result: XlsformImport) => result.issues.filter((i) => i.severity === 'error').map(formatIssue);
export const warnings = (result: XlsformImport) => result.issues.filter((i) => i.severity === 'warning').map(formatIssue);
