/**
 * KoboToolbox CSV exports ("XML values and headers"): UTF-8, `;` by default or `,`, RFC 4180
 * quoting. The separator is told from the header line. Rows are numbered as a spreadsheet shows
 * them: the header is row 1, the first answer row 2.
 */
import { parse } from 'csv-parse/sync';

export interface CsvTable {
	headers: string[];
	rows: { row: number; cells: string[] }[];
	separator: string;
}

/** The file cannot be read as CSV at all; the message says why and where. */
export class CsvFileError extends Error {}

const SEPARATORS = [';', ',', '\t'];

/** The separator used most often outside quotes on the header line (`,` on a tie). */
export function detectSeparator(text: string): string {
	const counts = new Map(SEPARATORS.map((s) => [s, 0]));
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) as number) + 1);
	}
	const best = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
	return best[1] > (counts.get(',') as number) ? best[0] : ',';
}

/** Decodes and parses an uploaded file. */
export function parseCsv(data: Uint8Array): CsvTable {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
	} catch {
		throw new CsvFileError('the file is not UTF-8 text; export it from KoboToolbox as CSV again');
	}
	if (text.trim() === '') throw new CsvFileError('the file is empty');
	const separator = detectSeparator(text);
	let records: string[][];
	try {
		records = parse(text, { delimiter: separator, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
	} catch (error) {
		const where = (error as { lines?: number }).lines;
		throw new CsvFileError(
			`the file is not valid CSV${where ? ` near line ${where}` : ''}: ${(error as Error).message.replace(/^Invalid [^:]*: /, '')}`
		);
	}
	const [headers = [], ...body] = records;
	return { headers: headers.map((h) => h.trim()), rows: body.map((cells, i) => ({ row: i + 2, cells })), separator };
}
