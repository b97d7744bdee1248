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
		readonly cause: unknown,
		message = `migration ${migrationName} failed: ${cause instanceof Error ? cause.message : String(cause)}`
	) {
		super(message);
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
	// Kysely's words for a database that a newer version of Anju has migrated further than this one knows.
	const unknown = /previously executed migration (\S+) is missing/.exec(error instanceof Error ? error.message : '');
	if (unknown) {
		const name = unknown[1] as string;
		throw new MigrationError(
			name,
			error,
			`the database has migration ${name}, which this version of Anju does not know: a newer version has upgraded it. ` +
				'Run that version (or a later one), or restore a backup made before the upgrade.'
		);
	}
	if (error) throw new MigrationError('(migration table)', error);
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
