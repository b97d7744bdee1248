/**
 * Backups and restores of the SQLite database file.
 *
 * A backup is an online, consistent copy made with SQLite's backup API while the server keeps
 * taking submissions, then checked with `PRAGMA integrity_check`; it is written under a temporary
 * name and renamed into place only when sound, so a backup file is always whole.
 *
 * A restore takes a file that is an Anju database (sound, with Anju's migrations and no newer
 * ones), keeps a safety copy of the current database, and replaces it in one rename. It refuses
 * while any other process has the database open — the server, or a CLI command.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from '../../../migrations/index';
import { DatabaseJobError, runDatabaseJob, type DatabaseFacts } from './backup-jobs';

export type { DatabaseFacts };

/** A backup or restore that cannot be done; the message says why, naming the file. */
export class BackupError extends Error {}

export interface DatabaseSummary extends DatabaseFacts {
	path: string;
	bytes: number;
}

const KNOWN_MIGRATIONS = Object.keys(migrations);

/** Copies the database at `source` to the new file `target` while it is in use, and checks the copy. */
export async function backupDatabase(source: string, target: string): Promise<DatabaseSummary> {
	if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
	if (existsSync(target)) throw new BackupError(`${target} already exists; choose a new file name`);
	if (!existsSync(dirname(target))) throw new BackupError(`the folder ${dirname(target)} does not exist`);
	const partial = `${target}.partial`;
	rmSync(partial, { force: true });
	try {
		await runDatabaseJob({ op: 'copy', source, target: partial });
		const facts = await runDatabaseJob({ op: 'inspect', path: partial, integrity: true });
		if (!isSound(facts))
			throw new BackupError(`the copy of ${source} failed its integrity check: ${facts.integrity.slice(0, 3).join('; ')}`);
		syncFile(partial);
		renameSync(partial, target);
		syncFile(dirname(target));
		return { ...facts, path: target, bytes: statSync(target).size };
	} catch (error) {
		rmSync(partial, { force: true });
		throw error instanceof DatabaseJobError ? new BackupError(`cannot back up ${source}: ${error.message}`) : error;
	}
}

export interface RestorePlan {
	/** The file to restore from. */
	source: string;
	/** The database it replaces. */
	target: string;
	/** The checked copy of `source`, beside `target`, waiting to be renamed over it. */
	staged: string;
	restored: DatabaseSummary;
	/** The database now at `target`; undefined when there is none. */
	current: DatabaseSummary | undefined;
	/** Migrations the restored database lacks; they run on the next start. */
	pendingMigrations: string[];
}

/**
 * Checks that nothing has `target` open and that `source` is a sound Anju database, and stages a
 * copy of it beside `target`. Nothing is replaced yet: `applyRestore` or `cancelRestore` follows.
 */
export async function prepareRestore(source: string, target: string): Promise<RestorePlan> {
	if (!existsSync(source) || !statSync(source).isFile()) throw new BackupError(`there is no file ${source}`);
	if (existsSync(`${source}-wal`)) {
		throw new BackupError(`${source} has a write-ahead log beside it: it is a live database, not a backup; take one with 'anju backup'`);
	}
	if (existsSync(target)) releaseExclusive(target);
	mkdirSync(dirname(target), { recursive: true });
	const staged = join(dirname(target), `.${basename(target)}.restore-${process.pid}`);
	copyFileSync(source, staged);
	try {
		const restored = await summarize(staged, true, source);
		if (!isSound(restored)) throw new BackupError(`${source} is damaged: ${restored.integrity.slice(0, 3).join('; ')}`);
		if (!restored.migrations || restored.migrations.length === 0 || !restored.counts) {
			throw new BackupError(`${source} is not an Anju database (it has no Anju tables and migrations)`);
		}
		const foreign = restored.migrations.filter((name) => !KNOWN_MIGRATIONS.includes(name));
		if (foreign.length === restored.migrations.length) throw new BackupError(`${source} is not an Anju database (unknown migrations)`);
		if (foreign.length > 0) {
			throw new BackupError(`${source} was made by a newer Anju (migrations ${foreign.join(', ')}); upgrade Anju before restoring it`);
		}
		const current = existsSync(target) ? await summarize(target, false, target) : undefined;
		const pendingMigrations = KNOWN_MIGRATIONS.filter((name) => !restored.migrations!.includes(name));
		return { source, target, staged, restored: { ...restored, path: source }, current, pendingMigrations };
	} catch (error) {
		rmSync(staged, { force: true });
		throw error;
	}
}

/** Drops a prepared restore's staged copy. */
export function cancelRestore(plan: RestorePlan): void {
	rmSync(plan.staged, { force: true });
}

/**
 * Replaces the database with the staged copy: first a safety copy of the current database
 * (`<db>.before-restore-<time>`, taken while holding it exclusively), then one rename. Returns
 * the safety copy's path, or undefined when there was no database.
 */
export async function applyRestore(plan: RestorePlan, now = new Date()): Promise<string | undefined> {
	let safetyCopy: string | undefined;
	if (existsSync(plan.target)) {
		safetyCopy = `${plan.target}.before-restore-${timestamp(now)}`;
		const db = openExclusive(plan.target);
		try {
			await db.backup(safetyCopy, { progress: () => 0x7fffffff });
		} finally {
			db.close();
		}
		syncFile(safetyCopy);
	}
	// Closing the last connection checkpointed the log; anything still beside the file is stale.
	for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${plan.target}${suffix}`, { force: true });
	syncFile(plan.staged);
	renameSync(plan.staged, plan.target);
	syncFile(dirname(plan.target));
	return safetyCopy;
}

/** `20261126T170512Z`: sortable, and valid in a file name everywhere. */
export function timestamp(date: Date): string {
	return date
		.toISOString()
		.replace(/\.\d{3}/, '')
		.replace(/[-:]/g, '');
}

async function summarize(path: string, integrity: boolean, shownAs: string): Promise<DatabaseSummary> {
	try {
		return { ...(await runDatabaseJob({ op: 'inspect', path, integrity })), path, bytes: statSync(path).size };
	} catch (error) {
		if (!(error instanceof DatabaseJobError)) throw error;
		if (error.code === 'SQLITE_NOTADB') throw new BackupError(`${shownAs} is not a SQLite database`);
		throw new BackupError(`${shownAs} cannot be read as a database (${error.message})`);
	}
}

function isSound(facts: DatabaseFacts): boolean {
	return facts.integrity.length === 1 && facts.integrity[0] === 'ok';
}

/**
 * A connection holding the database exclusively. SQLite grants that only while no other
 * connection has the file open, in this process or another: that is how a running server is seen.
 */
function openExclusive(path: string): SQLite.Database {
	const db = new SQLite(path, { fileMustExist: true, timeout: 0 });
	try {
		db.pragma('locking_mode = EXCLUSIVE');
		db.exec('BEGIN EXCLUSIVE; COMMIT');
		return db;
	} catch (error) {
		db.close();
		if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
			throw new BackupError(`${path} is in use (is the Anju server running?); stop the server, then restore`);
		}
		throw error;
	}
}

function releaseExclusive(path: string): void {
	openExclusive(path).close();
}

function syncFile(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
