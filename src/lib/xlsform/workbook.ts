/**
 * Reading and writing .xlsx files with exceljs. Cells become trimmed text: numbers without float
 * noise (`1.0` → `1`), formulas by their cached result (`TRUE()` → `TRUE`), rich text joined,
 * dates as ISO dates. Node only (exceljs); the conversion itself is in `import.ts` / `export.ts`.
 */
import ExcelJS from 'exceljs';
import { numberText, type Sheet } from './sheets';

/** The file could not be read as a workbook at all. */
export class WorkbookError extends Error {}

type CellValue = ExcelJS.CellValue;

function cellText(value: CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number') return numberText(value);
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) {
		const iso = value.toISOString();
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
	}
	if ('richText' in value)
		return value.richText
			.map((part) => part.text)
			.join('')
			.trim();
	if ('hyperlink' in value) return cellText(value.text);
	if ('error' in value) return value.error;
	if ('result' in value && value.result !== undefined) return cellText(value.result as CellValue);
	// A formula saved without its value: TRUE()/FALSE() are the only ones an XLSForm needs.
	const formula = 'formula' in value && value.formula ? value.formula : 'sharedFormula' in value ? value.sharedFormula : '';
	const constant = /^(TRUE|FALSE)\(\)$/i.exec(formula.trim());
	return constant ? (constant[1] as string).toUpperCase() : `=${formula}`;
}

/** Every sheet of an .xlsx file, as text rows (empty rows left out). */
export async function readWorkbook(data: Uint8Array): Promise<Sheet[]> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(data) as unknown as ExcelJS.Buffer);
	} catch {
		throw new WorkbookError('the file is not an .xlsx workbook (an old .xls file must first be saved as .xlsx)');
	}
	return workbook.worksheets.map((worksheet) => {
		const sheet: Sheet = { name: worksheet.name, rows: [] };
		worksheet.eachRow({ includeEmpty: false }, (row, number) => {
			const cells: string[] = [];
			row.eachCell({ includeEmpty: false }, (cell, column) => {
				cells[column - 1] = cellText(cell.value);
			});
			const filled = Array.from(cells, (cell) => cell ?? '');
			if (filled.some((cell) => cell !== '')) sheet.rows.push({ row: number, cells: filled });
		});
		return sheet;
	});
}

/** An .xlsx file with one worksheet per sheet; the header row is bold and frozen. */
export async function writeWorkbook(sheets: Sheet[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	for (const sheet of sheets) {
		const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
		for (const { row, cells } of sheet.rows) worksheet.getRow(row).values = cells;
		worksheet.getRow(1).font = { bold: true };
		worksheet.columns.forEach((column) => (column.width = 18));
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
