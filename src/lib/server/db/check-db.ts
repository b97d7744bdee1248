/**
 * Recognizing a damaged SQLite file at start-up: one that is not a database at all (a bad header,
 * another kind of file) or whose pages fail `PRAGMA quick_check`. Served anyway, it would fail in
 * the middle of requests or answer with part of the data. quick_check reads every page once
 * (about 0.5 s for a 150 MB database of a million answers) but skips the slower index cross-checks.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './create-db';
import type { Database } from './schema';

/** Whether an error from opening or reading means the file is not a sound SQLite database. */
export function isDamagedDatabaseError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code);
}

/** What is wrong with the SQLite file behind `db` (quick_check's first findings), or undefined when it is sound. */
export async function findDatabaseDamage(db: Kysely<Database>): Promise<string | undefined> {
	if (isPostgres(db)) return undefined;
	try {
		const { rows } = await sql<{ quick_check: string }>`pragma quick_check(5)`.execute(db);
		const findings = rows.map((r) => r.quick_check);
		return findings.length === 1 && findings[0] === 'ok' ? undefined : findings.join('; ');
	} catch (error) {
		if (isDamagedDatabaseError(error)) return (error as Error).message;
		throw error;
	}
}
