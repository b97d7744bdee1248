/**
 * The only module that knows the database dialect. Every open sets the pragmas an acknowledged
 * submission relies on: WAL, foreign keys, a busy timeout and synchronous=FULL (survives power loss).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { ReadWorkerPool } from './read-workers';
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
	// 64 MiB of page cache (default 2 MiB): answers are keyed by random UUIDs, so inserts touch pages all over the table.
	sqlite.pragma('cache_size = -65536');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	if (path !== ':memory:') {
		const pool = new ReadWorkerPool(path);
		readPools.set(db, pool);
		const destroy = db.destroy.bind(db);
		db.destroy = async () => {
			await pool.close();
			await destroy();
		};
	}
	return db;
}

/** Worker-thread readers of each database opened from a file (see read-workers.ts). */
const readPools = new WeakMap<Db, ReadWorkerPool>();

/**
 * Starts read-only queries at once and returns their rows in the order given, each as soon as it
 * is ready, so a caller can work on the first while the others run. On a SQLite file they run on
 * worker threads with their own connections (other cores, the event loop stays free); otherwise
 * (in-memory databases, transactions) one after another on `db`. Each query sees the data
 * committed when it starts: they are separate reads, not one snapshot.
 */
export function readConcurrently<Row>(db: Kysely<Database>, queries: readonly CompiledQuery<Row>[]): Promise<Row[]>[] {
	const pool = readPools.get(db as Db);
	if (pool) return queries.map((query) => pool.read<Row>({ sql: query.sql, parameters: query.parameters }));
	let previous: Promise<unknown> = Promise.resolve();
	return queries.map((query) => {
		const rows = previous.then(() => db.executeQuery(query)).then((result) => result.rows);
		previous = rows.catch(() => undefined);
		return rows;
	});
}

/** Errors that mean "another connection wrote first; run the whole transaction again". */
function isWriteRace(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * Runs a read-then-write transaction, retrying it when another connection (another process on the
 * same file) committed in between: SQLite then refuses our write at once with SQLITE_BUSY_SNAPSHOT
 * rather than waiting, and the transaction must start over on fresh data.
 */
export async function withWriteRetry<T>(run: () => Promise<T>, attempts = 8): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			if (!isWriteRace(error) || attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
		}
	}
}
