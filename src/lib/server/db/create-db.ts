/**
 * The only module that knows the database dialect.
 *
 * SQLite (the default, a file path): every open sets the pragmas an acknowledged submission
 * relies on: WAL, foreign keys, a busy timeout and synchronous=FULL (survives power loss).
 * PostgreSQL (a `postgres://` URL): a `pg` pool; 64-bit integers (`count(*)`) and numerics come
 * back as numbers, as SQLite gives them, so no caller needs to know which database it talks to.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, type CompiledQuery } from 'kysely';
import { GroupCommit, type WriteUnit } from './group-commit';
import pg from 'pg';
import { ReadWorkerPool } from './read-workers';
import { RollbackAwareSqliteDialect } from './sqlite-dialect';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DbOptions {
	/** Milliseconds a writer waits for a lock before SQLITE_BUSY (SQLite only). */
	busyTimeoutMs?: number;
	/** Connections in the pool (PostgreSQL only; default 10). */
	poolSize?: number;
}

/** Whether `target` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
	return /^postgres(ql)?:\/\//.test(target);
}

/** Whether `db` talks to PostgreSQL. For the few places that must say so: backups, tests. */
export function isPostgres(db: Kysely<Database>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Opens the database `target`: a PostgreSQL URL, or a SQLite file path (created if needed). */
export function createDb(target: string, options: DbOptions = {}): Db {
	return isPostgresUrl(target) ? openPostgres(target, options) : openSqlite(target, options);
}

// Both dialects return plain numbers: count(*) is int8 and sums of integers are numeric in PostgreSQL.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function openPostgres(url: string, options: DbOptions): Db {
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
	// An idle connection that the server drops (restart, network) must not crash the process.
	pool.on('error', (error) => console.error(`PostgreSQL connection error: ${error.message}`));
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function openSqlite(path: string, options: DbOptions): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
	sqlite.pragma('synchronous = FULL');
	// 64 MiB of page cache (default 2 MiB): answers are keyed by random UUIDs, so inserts touch pages all over the table.
	sqlite.pragma('cache_size = -65536');
	const db = new Kysely<Database>({ dialect: new RollbackAwareSqliteDialect(sqlite) });
	const pool = path === ':memory:' ? undefined : new ReadWorkerPool(path);
	if (pool) readPools.set(db, pool);
	groupCommits.set(db, new GroupCommit(db, sqlite, { retry: withWriteRetry, isWriteRace }));
	const destroy = db.destroy.bind(db);
	db.destroy = async () => {
		await pool?.close();
		await destroy();
		// Kysely closes the file only if a query ever ran; a database opened and destroyed unused must not stay open.
		if (sqlite.open) sqlite.close();
	};
	return db;
}

/** The group commit of each SQLite database (see group-commit.ts). */
const groupCommits = new WeakMap<Db, GroupCommit>();

/**
 * Runs `work` as a write transaction, again from the start when another connection wrote first.
 * On SQLite, transactions that arrive together share one commit (group commit, see
 * group-commit.ts); each still succeeds or fails alone, and settles only once it is on disk. On
 * PostgreSQL it is a plain transaction.
 */
export function writeTransaction<T>(db: Kysely<Database>, work: WriteUnit<T>): Promise<T> {
	const group = groupCommits.get(db as Db);
	if (group) return group.run(work);
	return withWriteRetry(() => db.transaction().execute(work));
}

/** Transactions and the units they held so far on a SQLite database (undefined on PostgreSQL). */
export function groupCommitStats(db: Kysely<Database>): { commits: number; units: number } | undefined {
	return groupCommits.get(db as Db)?.stats;
}

/** Worker-thread readers of each database opened from a file (see read-workers.ts). */
const readPools = new WeakMap<Db, ReadWorkerPool>();

/**
 * Starts read-only queries at once and returns their rows in the order given, each as soon as it
 * is ready, so a caller can work on the first while the others run. On a SQLite file they run on
 * worker threads with their own connections (other cores, the event loop stays free); on
 * PostgreSQL on the pool's connections; otherwise (in-memory databases, transactions) one after
 * another on `db`. Each query sees the data
 * committed when it starts: they are separate reads, not one snapshot.
 */
export function readConcurrently<Row>(db: Kysely<Database>, queries: readonly CompiledQuery<Row>[]): Promise<Row[]>[] {
	const pool = readPools.get(db as Db);
	if (pool) return queries.map((query) => pool.read<Row>({ sql: query.sql, parameters: query.parameters }));
	// PostgreSQL: the pool runs them on separate connections.
	if (isPostgres(db) && !db.isTransaction) return queries.map((query) => db.executeQuery(query).then((result) => result.rows));
	let previous: Promise<unknown> = Promise.resolve();
	return queries.map((query) => {
		const rows = previous.then(() => db.executeQuery(query)).then((result) => result.rows);
		previous = rows.catch(() => undefined);
		return rows;
	});
}

/**
 * Errors that mean "another connection wrote first; run the whole transaction again": SQLite's
 * busy errors; PostgreSQL's serialization failure and deadlock, and a unique violation — two
 * instances inserting the same new row (a submission's UUID, a panel code) at once, where the
 * second run finds the first one's row.
 */
function isWriteRace(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01' || code === '23505';
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
