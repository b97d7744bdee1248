/**
 * Runs the migrations in `migrations/`. SQLite has transactional DDL but Kysely's migrator does not
 * use it there, so each migration is wrapped in its own transaction: a failing migration leaves the
 * schema exactly as it was and is reported by name.
 */
import { Migrator, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { migrations } from '../../../../migrations/index';

export class MigrationError extends Error {
	constructor(
		readonly migrationName: string,
		readonly cause: unknown
	) {
		super(`migration ${migrationName} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
	}
}

function inTransaction(migration: Migration): Migration {
	return {
		up: (db) => db.transaction().execute((trx) => migration.up(trx)),
		down: migration.down && ((db) => db.transaction().execute((trx) => migration.down!(trx)))
	};
}

/** Migrates to the latest version; returns the names applied. Throws MigrationError on failure. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, source: Record<string, Migration> = migrations): Promise<string[]> {
	const wrap = !db.getExecutor().adapter.supportsTransactionalDdl;
	const provider = {
		getMigrations: async () => Object.fromEntries(Object.entries(source).map(([name, m]) => [name, wrap ? inTransaction(m) : m]))
	};
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	return applied(error, results);
}

function applied(error: unknown, results: MigrationResult[] | undefined): string[] {
	const failed = results?.find((r) => r.status === 'Error');
	if (failed) throw new MigrationError(failed.migrationName, error);
	if (error) throw new MigrationError('(migration table)', error);
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
