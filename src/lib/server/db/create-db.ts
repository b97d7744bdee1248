/**
 * The only module that knows the database dialect. Every open sets the pragmas an acknowledged
 * submission relies on: WAL, foreign keys, a busy timeout and synchronous=FULL (survives power loss).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DbOptions {
	/** Milliseconds a writer waits for a lock before SQLITE_BUSY. */
	busyTimeoutMs?: number;
}

/** Opens (creating if needed) the SQLite database at `path`. */
export function createDb(path: string, options: DbOptions = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
	sqlite.pragma('synchronous = FULL');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
