/**
 * Columns whose values Anju does not import (media, defaults, read-only flags, unknown columns):
 * each is reported once, with the rows where it has a value, so nothing is dropped silently.
 */
import { MEDIA, type Column } from './columns';
import type { IssueList } from './issues';
import type { SheetRow } from './sheets';
import { rowList } from './texts';

const WHY: Record<string, string> = {
	default: 'Anju has no default answers',
	read_only: 'Anju has no read-only questions',
	required_message: 'Anju shows its own message for a required question',
	guidance_hint: 'Anju has no guidance hints',
	repeat_count: 'Anju has no repeats',
	trigger: 'Anju has no triggers'
};

/** Reports every row where one of `columns` has a value; `used` are the columns the import reads. */
export function reportUnusedColumns(
	sheet: string,
	columns: Column[],
	rows: SheetRow[],
	used: (column: Column) => boolean,
	issues: IssueList
): void {
	for (const column of columns) {
		if (used(column)) continue;
		const filled = rows.filter((r) => (r.cells[column.index] ?? '') !== '').map((r) => r.row);
		if (filled.length === 0) continue;
		const why = MEDIA.has(column.field) ? 'media files are not imported' : (WHY[column.field] ?? 'Anju does not use this column');
		issues.warning(sheet, undefined, `column '${column.header}' is left out (${why}): ${rowList(filled)}`);
	}
}
