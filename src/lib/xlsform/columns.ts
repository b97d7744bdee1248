/**
 * Column headers of XLSForm sheets: `label::English (en)`, `label:english`, `LABEL::EN`,
 * `media::audio::chinese`, `constraint message`, `jr:constraintMsg` … → a canonical field name
 * and the raw language part. Names are case-insensitive, as in pyxform.
 */
import type { Sheet, SheetRow } from './sheets';

const ALIASES: Record<string, string> = {
	'list name': 'list_name',
	caption: 'label',
	relevance: 'relevant',
	calculate: 'calculation',
	'constraint message': 'constraint_message',
	'constraining message': 'constraint_message',
	'jr:constraintmsg': 'constraint_message',
	requiredmsg: 'required_message',
	'required message': 'required_message',
	'jr:requiredmsg': 'required_message',
	readonly: 'read_only',
	'jr:count': 'repeat_count',
	count: 'repeat_count',
	'guidance hint': 'guidance_hint',
	'choice filter': 'choice_filter',
	'big-image': 'big_image'
};

/** Columns whose text is given per language. */
export const TRANSLATABLE = new Set([
	'label',
	'hint',
	'constraint_message',
	'required_message',
	'guidance_hint',
	'image',
	'big_image',
	'audio',
	'video'
]);

/** Media columns: pictures and recordings shown with a question or choice. */
export const MEDIA = new Set(['image', 'big_image', 'audio', 'video']);

export interface Column {
	/** 0-based index into a row's cells. */
	index: number;
	/** The header as written. */
	header: string;
	/** Canonical lowercase field name, e.g. `label`, `constraint_message`, `list_name`. */
	field: string;
	/** The language part as written (`English (en)`), when the header has one. */
	language?: string;
}

export function parseHeader(header: string): { field: string; language?: string } {
	const lower = header.trim().toLowerCase();
	// `jr:constraintMsg` and friends carry a namespace colon, not a language.
	for (const prefixed of ['jr:constraintmsg', 'jr:requiredmsg', 'jr:count']) {
		if (lower === prefixed || lower.startsWith(`${prefixed}::`) || lower.startsWith(`${prefixed}:`)) {
			const rest = header.trim().slice(prefixed.length).replace(/^::?/, '').trim();
			return { field: ALIASES[prefixed] as string, language: rest || undefined };
		}
	}
	const parts = header.trim().split(header.includes('::') ? '::' : ':');
	if (parts.length > 1 && parts[0]!.trim().toLowerCase() === 'media') parts.shift();
	const base = parts[0]!.trim().toLowerCase().replace(/\s+/g, ' ');
	const field = ALIASES[base] ?? base.replace(/ /g, '_');
	const language = parts.slice(1).join(':').trim();
	return { field, language: language || undefined };
}

/** The columns of a sheet's header row (row 1). */
export function sheetColumns(sheet: Sheet): Column[] {
	const header = sheet.rows.find((r) => r.row === 1);
	if (!header) return [];
	return header.cells.flatMap((text, index) => (text === '' ? [] : [{ index, header: text, ...parseHeader(text) }]));
}

/** The rows below the header. */
export function bodyRows(sheet: Sheet): SheetRow[] {
	return sheet.rows.filter((r) => r.row > 1);
}

/** The first column with this field and no language part (the plain `type`, `name`, …). */
export function plainColumn(columns: Column[], field: string): Column | undefined {
	return columns.find((c) => c.field === field && c.language === undefined);
}

export function cell(row: SheetRow, column: Column | undefined): string {
	return column ? (row.cells[column.index] ?? '') : '';
}
