/**
 * Read-only queries on worker threads, each with its own connection to the same SQLite file. WAL
 * lets these readers run beside the app's one writer connection, so a long read (a project's
 * indicator dataset: ~1 s of SQLite time for 10,000 respondents) uses the machine's other cores
 * and leaves the event loop free for submissions. Only create-db.ts uses this module.
 *
 * The pool starts on first use, keeps its workers while there is work and stops them after a
 * minute idle; workers never keep the process alive.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface ReadQuery {
	sql: string;
	parameters: readonly unknown[];
}

const IDLE_MS = 60_000;

// CommonJS source run with `eval`: a bundled app has no separate worker file to point at.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
	try {
		let statement = statements.get(sql);
		if (!statement) statements.set(sql, (statement = db.prepare(sql)));
		parentPort.postMessage({ id, rows: statement.all(...parameters) });
	} catch (error) {
		parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
	}
});
`;

interface Job {
	id: number;
	query: ReadQuery;
	resolve: (rows: unknown[]) => void;
	reject: (error: Error) => void;
}

interface Slot {
	worker: Worker;
	job: Job | undefined;
}

export class ReadWorkerPool {
	private readonly slots: Slot[] = [];
	private readonly queue: Job[] = [];
	private nextId = 1;
	private idleTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly path: string,
		private readonly size = Math.max(1, Math.min(4, availableParallelism()))
	) {}

	/** Runs `query` on a worker; the promise holds its rows (plain objects, as better-sqlite3 gives them). */
	read<Row>(query: ReadQuery): Promise<Row[]> {
		return new Promise<unknown[]>((resolve, reject) => {
			this.queue.push({ id: this.nextId++, query, resolve, reject });
			this.dispatch();
		}) as Promise<Row[]>;
	}

	/** Stops every worker; queued and running reads fail. A later read starts the pool again. */
	async close(): Promise<void> {
		clearTimeout(this.idleTimer);
		const slots = this.slots.splice(0);
		const unfinished = [...this.queue.splice(0), ...slots.flatMap((slot) => slot.job ?? [])];
		for (const job of unfinished) job.reject(new Error('read pool closed'));
		await Promise.all(slots.map((slot) => slot.worker.terminate()));
	}

	private dispatch(): void {
		clearTimeout(this.idleTimer);
		while (this.queue.length > 0) {
			const slot = this.slots.find((candidate) => !candidate.job) ?? (this.slots.length < this.size ? this.spawn() : undefined);
			if (!slot) return;
			const job = this.queue.shift()!;
			slot.job = job;
			slot.worker.ref();
			slot.worker.postMessage({ id: job.id, sql: job.query.sql, parameters: job.query.parameters });
		}
		if (this.slots.every((slot) => !slot.job)) {
			this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
			this.idleTimer.unref();
		}
	}

	private spawn(): Slot {
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: this.path } });
		const slot: Slot = { worker, job: undefined };
		const finish = (settle: (job: Job) => void) => {
			const job = slot.job;
			slot.job = undefined;
			worker.unref();
			if (job) settle(job);
			this.dispatch();
		};
		worker.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) =>
			finish((job) => {
				if (!message.error) return job.resolve(message.rows ?? []);
				job.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
			})
		);
		worker.on('error', (error) => {
			this.slots.splice(this.slots.indexOf(slot), 1);
			finish((job) => job.reject(error));
		});
		worker.unref();
		this.slots.push(slot);
		return slot;
	}
}
