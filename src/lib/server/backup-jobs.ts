/**
 * The slow parts of a backup — copying every page and `PRAGMA integrity_check` (seconds on a
 * 250 MB database) — run on a worker thread with its own connection, so a scheduled backup inside
 * the server does not hold up submissions. Only backup.ts uses this module.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What a database file holds, as read by `inspect`. */
export interface DatabaseFacts {
	/** `['ok']` when the file is sound; else SQLite's findings. Empty when not checked. */
	integrity: string[];
	/** Names in Kysely's migration table; undefined when the file has no such table. */
	migrations: string[] | undefined;
	/** Rows of the main tables; undefined when the file lacks them. */
	counts: { projects: number; respondents: number; responses: number; answers: number } | undefined;
}

export type DatabaseJob = { op: 'copy'; source: string; target: string } | { op: 'inspect'; path: string; integrity: boolean };

/** A failure inside the job, with SQLite's error code when there is one (SQLITE_NOTADB, SQLITE_CORRUPT, …). */
export class DatabaseJobError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined
	) {
		super(message);
	}
}

// CommonJS source run with `eval`: a bundled app has no separate worker file to point at.
// `copy` transfers every page in one step (a step of a few pages would start over whenever another
// connection writes in between, and under steady submissions might never finish); in WAL mode that
// step is a read transaction, so writers carry on. The copy is switched to a rollback journal: one
// self-contained file, nothing created beside it when it is opened.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const job = workerData.job;
const ALL_PAGES = 0x7fffffff;

function inspect(path, integrity) {
	const db = new SQLite(path, { fileMustExist: true, timeout: 5000 });
	try {
		const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").pluck().all());
		const count = (table) => db.prepare('select count(*) from ' + table).pluck().get();
		return {
			integrity: integrity ? db.pragma('integrity_check', { simple: false }).map((row) => row.integrity_check) : [],
			migrations: tables.has('kysely_migration') ? db.prepare('select name from kysely_migration order by name').pluck().all() : undefined,
			counts: ['projects', 'respondents', 'responses', 'answers'].every((t) => tables.has(t))
				? { projects: count('projects'), respondents: count('respondents'), responses: count('responses'), answers: count('answers') }
				: undefined
		};
	} finally {
		db.close();
	}
}

async function copy(source, target) {
	const db = new SQLite(source, { fileMustExist: true, timeout: 5000 });
	try {
		await db.backup(target, { progress: () => ALL_PAGES });
	} finally {
		db.close();
	}
	const copied = new SQLite(target);
	try {
		copied.pragma('journal_mode = DELETE');
	} finally {
		copied.close();
	}
}

(async () => (job.op === 'copy' ? copy(job.source, job.target) : inspect(job.path, job.integrity)))().then(
	(result) => parentPort.postMessage({ result }),
	(error) => parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } })
);
`;

/** Runs one job on a new worker thread. */
export function runDatabaseJob(job: { op: 'copy'; source: string; target: string }): Promise<void>;
export function runDatabaseJob(job: { op: 'inspect'; path: string; integrity: boolean }): Promise<DatabaseFacts>;
export function runDatabaseJob(job: DatabaseJob): Promise<DatabaseFacts | void> {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, job } });
	return new Promise((resolve, reject) => {
		worker.once('message', (message: { result?: DatabaseFacts; error?: { message: string; code?: string } }) => {
			if (message.error) reject(new DatabaseJobError(message.error.message, message.error.code));
			else resolve(message.result);
		});
		worker.once('error', reject);
		worker.once('exit', (code) => reject(new Error(`backup worker exited with code ${code}`)));
	});
}
