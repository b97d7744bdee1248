/** Page-by-page listing for staff tables: 50 rows a page, pages counted from 1. */

export const PAGE_SIZE = 50;

export interface Page<T> {
	rows: T[];
	total: number;
	/** The page shown, 1-based, clamped to the pages that exist. */
	page: number;
	pageCount: number;
}

/** A `page` query parameter as a page number ≥ 1 (anything else is page 1). */
export function parsePage(value: string | null): number {
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The page to show of `total` rows and its offset, clamped so a stale link lands on the last page. */
export function pageWindow(total: number, requested: number, pageSize = PAGE_SIZE): { page: number; pageCount: number; offset: number } {
	const pageCount = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(1, requested), pageCount);
	return { page, pageCount, offset: (page - 1) * pageSize };
}

/** `YYYY-MM-DD` when the value is a real calendar date, else undefined. */
export function parseIsoDate(value: string | null): string | undefined {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? value : undefined;
}

/** The day after a `YYYY-MM-DD` date, for inclusive "to" filters on timestamps (`at < nextDay(to)`). */
export function nextDay(date: string): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
