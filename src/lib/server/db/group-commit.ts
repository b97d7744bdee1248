/**
 * Group commit for SQLite: write transactions that arrive together share one commit.
 *
 * With synchronous=FULL every commit waits for the disk (fsync) and writes each page it changed to
 * the WAL — the pages that every submission touches (the project's data version, the end of each
 * index) once per commit. Under load, dozens of submissions are waiting at any moment; one
 * transaction for all of those that arrived in the same turn of the event loop costs one fsync and
 * one copy of the shared pages instead of one each.
 *
 * Each unit of work runs inside its own savepoint, so a unit that throws (an invalid submission, a
 * conflict) is rolled back alone and the others still commit. No unit's promise settles before
 * the commit that holds it is durable: an acknowledgement still means "on disk". When the commit
 * itself fails (a full disk), every unit of that batch fails with its error and nothing of it is
 * stored. A unit alone runs as a plain transaction, exactly as without group commit.
 *
 * Latency: a unit waits at most for the batch in progress; it is never delayed on purpose.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Database } from './schema';

export type WriteUnit<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
	work: WriteUnit<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Most units in one transaction, so that one commit does not hold the event loop for long. */
const MAX_BATCH = 64;

export interface GroupCommitOptions {
	/** Runs a whole transaction again when another connection wrote first (see withWriteRetry). */
	retry: <T>(run: () => Promise<T>) => Promise<T>;
	/** Whether an error means the whole transaction must start over (then it is not one unit's fault). */
	isWriteRace: (error: unknown) => boolean;
}

export class GroupCommit {
	readonly #db: Kysely<Database>;
	readonly #sqlite: SqliteDatabase;
	readonly #options: GroupCommitOptions;
	#queue: Pending[] = [];
	#scheduled = false;
	/** Transactions committed and units they held, since the start (for the benchmark's figures). */
	readonly stats = { commits: 0, units: 0 };

	constructor(db: Kysely<Database>, sqlite: SqliteDatabase, options: GroupCommitOptions) {
		this.#db = db;
		this.#sqlite = sqlite;
		this.#options = options;
	}

	/** Runs `work` in a write transaction shared with the units that arrive in the same turn. */
	run<T>(work: WriteUnit<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
			if (this.#scheduled) return;
			this.#scheduled = true;
			// After the I/O callbacks of this turn, so that the requests that came in together meet here.
			setImmediate(() => void this.#drain());
		});
	}

	async #drain(): Promise<void> {
		try {
			while (this.#queue.length > 0) {
				const batch = this.#queue.splice(0, MAX_BATCH);
				await this.#commit(batch);
			}
		} finally {
			this.#scheduled = false;
		}
	}

	async #commit(batch: Pending[]): Promise<void> {
		let outcomes: Outcome[];
		try {
			outcomes = await this.#options.retry(() =>
				this.#db.transaction().execute((trx) => (batch.length === 1 ? this.#alone(trx, batch[0]!) : this.#together(trx, batch)))
			);
		} catch (error) {
			// The transaction did not commit: nothing of this batch is stored.
			for (const pending of batch) pending.reject(error);
			return;
		}
		this.stats.commits++;
		this.stats.units += batch.length;
		outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
	}

	/** One unit: its error rolls back the transaction, as a plain one would. */
	async #alone(trx: Transaction<Database>, pending: Pending): Promise<Outcome[]> {
		return [{ ok: true, value: await pending.work(trx) }];
	}

	/** Several units, each in a savepoint; a unit's error rolls back that unit only. */
	async #together(trx: Transaction<Database>, batch: Pending[]): Promise<Outcome[]> {
		const outcomes: Outcome[] = [];
		for (const pending of batch) {
			await sql`savepoint unit`.execute(trx);
			try {
				const value = await pending.work(trx);
				await sql`release unit`.execute(trx);
				outcomes.push({ ok: true, value });
			} catch (error) {
				// A race restarts the whole transaction; after a full disk or an I/O error SQLite may have
				// rolled it all back already, and then the batch fails as one.
				if (this.#options.isWriteRace(error) || !this.#sqlite.inTransaction) throw error;
				await sql`rollback to unit`.execute(trx);
				await sql`release unit`.execute(trx);
				outcomes.push({ ok: false, error });
			}
		}
		return outcomes;
	}
}
