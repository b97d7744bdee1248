/**
 * Kysely's SQLite dialect with one correction. After some errors — a full disk (SQLITE_FULL), an
 * I/O error, running out of memory — SQLite has already rolled the transaction back by itself.
 * Kysely sends ROLLBACK anyway; that fails with "cannot rollback - no transaction is active", and
 * its error replaces the real one, so a full disk would reach a kiosk as a 500 (a bug) instead of
 * the 503 that tells it to keep the response and retry.
 */
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

class RollbackAwareDriver extends SqliteDriver {
	readonly #sqlite: SqliteDatabase;

	constructor(sqlite: SqliteDatabase) {
		super({ database: sqlite });
		this.#sqlite = sqlite;
	}

	override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		if (this.#sqlite.inTransaction) await super.rollbackTransaction(connection);
	}
}

/** The dialect for one better-sqlite3 connection; transaction errors reach the caller as SQLite raised them. */
export class RollbackAwareSqliteDialect extends SqliteDialect {
	readonly #sqlite: SqliteDatabase;

	constructor(sqlite: SqliteDatabase) {
		super({ database: sqlite });
		this.#sqlite = sqlite;
	}

	override createDriver(): Driver {
		return new RollbackAwareDriver(this.#sqlite);
	}
}
