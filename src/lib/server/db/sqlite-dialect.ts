/**
 * Kysely's SQLite dialect with two changes.
 *
 * Prepared statements are reused: Kysely prepares every query again, which costs about a quarter
 * of a millisecond per statement — a fifth of a submission's database time. The statements of
 * the last few hundred distinct SQL texts are kept (texts differ by the number of placeholders in
 * multi-row inserts and `in` lists, so the cache is bounded).
 *
 * After some errors — a full disk (SQLITE_FULL), an
 * I/O error, running out of memory — SQLite has already rolled the transaction back by itself.
 * Kysely sends ROLLBACK anyway; that fails with "cannot rollback - no transaction is active", and
 * its error replaces the real one, so a full disk would reach a kiosk as a 500 (a bug) instead of
 * the 503 that tells it to keep the response and retry.
 */
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';

const CACHED_STATEMENTS = 256;

/** The connection as Kysely's driver uses it (prepare, close), with a bounded cache of prepared statements. */
function withStatementCache(sqlite: SqliteDatabase): KyselySqliteDatabase {
	const statements = new Map<string, Statement>();
	return {
		close: () => {
			statements.clear();
			sqlite.close();
		},
		prepare: (sql: string) => {
			let statement = statements.get(sql);
			if (statement) {
				// Most recently used last, so the oldest is the first to go.
				statements.delete(sql);
			} else {
				statement = sqlite.prepare(sql);
				if (statements.size >= CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
			}
			statements.set(sql, statement);
			return statement;
		}
	};
}

class RollbackAwareDriver extends SqliteDriver {
	readonly #sqlite: SqliteDatabase;

	constructor(sqlite: SqliteDatabase) {
		super({ database: withStatementCache(sqlite) });
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
