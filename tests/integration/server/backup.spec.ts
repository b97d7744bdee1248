/**
 * Backups and restores on real SQLite files, with another process writing submissions the whole
 * time: the backup is consistent and holds everything acknowledged before it started; a restore
 * round-trips and keeps a safety copy; files that are not sound Anju databases are refused and
 * change nothing; scheduled backups keep the newest N.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { seedDemo } from '$lib/server/demo/seed';
import { applyRestore, BackupError, backupDatabase, cancelRestore, prepareRestore } from '$lib/server/backup';
import { listScheduledBackups, nextBackupDelay, startBackupSchedule, takeScheduledBackup } from '$lib/server/backup-schedule';
import { loadLibrary, makeTempDir, onPostgres, seedProject, type SeededProject } from '../../helpers/db';
import { submitIdentityResponse } from '../../helpers/submissions';

interface Writer {
	/** UUIDs acknowledged so far, in order. */
	acknowledged: string[];
	stop: () => Promise<void>;
}

/** Starts tests/fixtures/submission-writer.ts on `path`; resolves once it has acknowledged `atLeast` submissions. */
async function startWriter(path: string, seeded: SeededProject, atLeast = 20): Promise<Writer> {
	const project = JSON.stringify({
		baselineWaveId: seeded.baselineWaveId,
		projectSiteId: seeded.projectSiteId,
		versionId: seeded.versionIds['community-identity']
	});
	// Node itself (not npx) so that killing the child kills the writer.
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/submission-writer.ts', path, project], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	const acknowledged: string[] = [];
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		createInterface({ input: child.stdout! }).on('line', (id) => {
			acknowledged.push(id);
			if (acknowledged.length === atLeast) resolve();
		});
		void exited.then(() => reject(new Error(`the writer exited:\n${stderr}`)));
	});
	return {
		acknowledged,
		stop: async () => {
			child.kill('SIGKILL');
			await exited;
		}
	};
}

/** Each response in a database file with its number of answers, and the file's integrity check. */
function contentsOf(file: string): { ids: Set<string>; answers: Map<string, number>; integrity: string } {
	const sqlite = new SQLite(file, { fileMustExist: true });
	try {
		const rows = sqlite.prepare('select r.id, (select count(*) from answers a where a.response_id = r.id) as n from responses r').all() as {
			id: string;
			n: number;
		}[];
		return {
			ids: new Set(rows.map((r) => r.id)),
			answers: new Map(rows.map((r) => [r.id, r.n])),
			integrity: sqlite.pragma('integrity_check', { simple: true }) as string
		};
	} finally {
		sqlite.close();
	}
}

let dbDir: string;
let dir: string;
let path: string;
let db: Db;
let seeded: SeededProject;

/** Opens the test's connection. */
async function openDatabase(): Promise<void> {
	db = createDb(path);
	// Kysely starts its driver on first use; a Kysely destroyed before that leaves the file open.
	await sql`select 1`.execute(db);
}

/** Closes the test's connection for `run` (a restore needs the database to itself), then opens it again. */
async function withDatabaseClosed<T>(run: () => Promise<T>): Promise<T> {
	await db.destroy();
	try {
		return await run();
	} finally {
		await openDatabase();
	}
}

beforeAll(async () => {
	if (onPostgres) return;
	dbDir = makeTempDir('anju-backup-db-');
	dir = makeTempDir('anju-backup-');
	path = join(dbDir, 'anju.db');
	await openDatabase();
	await migrateToLatest(db);
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'backup');
	// A few MB of real data, so that writes land while a backup runs.
	await seedDemo(db, library, { respondents: 200 });
});
afterAll(async () => {
	if (onPostgres) return;
	await db.destroy();
	rmSync(dbDir, { recursive: true, force: true });
	rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgres)('anju backup', () => {
	it('copies the database while another process writes: sound, with every submission acknowledged before it started', async () => {
		const writer = await startWriter(path, seeded);
		try {
			const acknowledgedBefore = [...writer.acknowledged];
			const target = join(dir, 'online.db');
			const backup = await backupDatabase(path, target);
			const acknowledgedAfter = writer.acknowledged.length;
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(writer.acknowledged.length, 'the writer carries on after the backup').toBeGreaterThan(acknowledgedAfter);

			expect(backup.integrity).toEqual(['ok']);
			expect(backup.bytes).toBe(statSync(target).size);
			const copy = contentsOf(target);
			expect(copy.integrity).toBe('ok');
			for (const id of acknowledgedBefore) expect(copy.ids.has(id), id).toBe(true);
			await writer.stop();
			const source = contentsOf(path);
			for (const [id, answers] of copy.answers) expect(source.answers.get(id), `answers of ${id}`).toBe(answers);
			expect(backup.counts?.responses).toBe(copy.ids.size);
			expect(backup.counts?.answers).toBe([...copy.answers.values()].reduce((a, b) => a + b, 0));
			expect(existsSync(`${target}-wal`) || existsSync(`${target}.partial`)).toBe(false);
		} finally {
			await writer.stop();
		}
	});

	it('refuses to overwrite a file or to write into a missing folder', async () => {
		const target = join(dir, 'exists.db');
		writeFileSync(target, 'keep me');
		await expect(backupDatabase(path, target)).rejects.toThrow(/already exists/);
		expect(readFileSync(target, 'utf8')).toBe('keep me');
		await expect(backupDatabase(path, join(dir, 'no', 'such', 'folder.db'))).rejects.toThrow(/does not exist/);
	});
});

describe.skipIf(onPostgres)('anju restore', () => {
	it('refuses while another process has the database open, then restores and keeps a safety copy', async () => {
		const backupPath = join(dir, 'before-more.db');
		const backup = await backupDatabase(path, backupPath);
		const later = await submitIdentityResponse(db, seeded);

		const writer = await startWriter(path, seeded, 5);
		try {
			await withDatabaseClosed(() =>
				expect(prepareRestore(backupPath, path)).rejects.toThrow(/is in use \(is the Anju server running\?\)/)
			);
		} finally {
			await writer.stop();
		}
		await db.destroy();
		const beforeRestore = contentsOf(path).ids;
		expect(beforeRestore.has(later.id)).toBe(true);

		const plan = await prepareRestore(backupPath, path);
		expect(plan.restored.counts).toEqual(backup.counts);
		expect(plan.current?.counts?.responses).toBe(beforeRestore.size);
		expect(plan.pendingMigrations).toEqual([]);
		const safetyCopy = await applyRestore(plan, new Date('2026-03-02T02:00:00Z'));

		expect(safetyCopy).toBe(`${path}.before-restore-20260302T020000Z`);
		expect(contentsOf(safetyCopy!).ids).toEqual(beforeRestore);
		const restored = contentsOf(path);
		expect(restored.integrity).toBe('ok');
		expect(restored.ids).toEqual(contentsOf(backupPath).ids);
		expect(restored.ids.has(later.id)).toBe(false);
		expect(readdirSync(dbDir).filter((f) => f.includes('.restore-'))).toEqual([]);

		// The server opens it as always: migrations up to date, writes work.
		await openDatabase();
		expect(await migrateToLatest(db)).toEqual([]);
		await submitIdentityResponse(db, seeded);
	});

	it('after a cancelled restore nothing has changed', async () => {
		const backupPath = join(dir, 'cancelled.db');
		await backupDatabase(path, backupPath);
		await submitIdentityResponse(db, seeded);
		await withDatabaseClosed(async () => {
			const before = contentsOf(path).ids;
			cancelRestore(await prepareRestore(backupPath, path));
			expect(contentsOf(path).ids).toEqual(before);
			expect(readdirSync(dbDir).filter((f) => f.includes('.restore-'))).toEqual([]);
		});
	});

	/** Expects `prepareRestore(file)` to refuse with `message`, leaving the database and its folder as they were. */
	async function expectRefused(file: string, message: RegExp): Promise<void> {
		await withDatabaseClosed(async () => {
			const filesBefore = readdirSync(dbDir).sort();
			const before = contentsOf(path).ids;
			const refusal = prepareRestore(file, path);
			await expect(refusal).rejects.toThrow(BackupError);
			await expect(refusal).rejects.toThrow(message);
			expect(contentsOf(path).ids).toEqual(before);
			expect(readdirSync(dbDir).sort()).toEqual(filesBefore);
		});
	}

	it('refuses a file that is not a database', async () => {
		const file = join(dir, 'notes.db');
		writeFileSync(file, 'these are not the rows you are looking for\n'.repeat(200));
		await expectRefused(file, /is not a SQLite database/);
	});

	it('refuses a SQLite database that is not Anju’s', async () => {
		const file = join(dir, 'other-app.db');
		const other = new SQLite(file);
		other.exec('create table notes (id integer primary key, text text); insert into notes (text) values (1)');
		other.close();
		await expectRefused(file, /is not an Anju database/);
	});

	it('refuses a backup made by a newer Anju', async () => {
		const file = join(dir, 'newer.db');
		await backupDatabase(path, file);
		const newer = new SQLite(file);
		newer
			.prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
			.run('2099_01_01_0001_from_the_future', new Date().toISOString());
		newer.close();
		await expectRefused(file, /made by a newer Anju \(migrations 2099_01_01_0001_from_the_future\)/);
	});

	it('refuses a corrupted backup', async () => {
		const file = join(dir, 'corrupted.db');
		await backupDatabase(path, file);
		const bytes = readFileSync(file);
		const pageSize = bytes.readUInt16BE(16);
		// Scribble over a page in the middle of the file (answers and scores live there).
		const page = Math.floor(bytes.length / pageSize / 2);
		bytes.fill(0x5a, page * pageSize, (page + 1) * pageSize);
		writeFileSync(file, bytes);
		await expectRefused(file, /is damaged|cannot be read as a database/);
	});

	it('refuses a live database file with its write-ahead log beside it', async () => {
		const live = createDb(join(dir, 'live.db'));
		try {
			await migrateToLatest(live);
			await expectRefused(join(dir, 'live.db'), /live database, not a backup/);
		} finally {
			await live.destroy();
		}
	});
});

describe.skipIf(onPostgres)('scheduled backups', () => {
	const hours = (n: number) => new Date(Date.UTC(2026, 2, 2, n));

	it('keep the newest N and leave other files alone', async () => {
		const schedule = { dir: join(dir, 'scheduled'), intervalHours: 6, keep: 3 };
		expect(nextBackupDelay(schedule, hours(0))).toBe(0);
		for (let i = 0; i < 5; i++) {
			const { backup, removed } = await takeScheduledBackup(path, schedule, hours(i * 6));
			expect(backup.integrity).toEqual(['ok']);
			expect(removed).toHaveLength(i >= 3 ? 1 : 0);
			if (i === 0) writeFileSync(join(schedule.dir, 'notes.txt'), 'mine');
		}
		expect(listScheduledBackups(schedule.dir).map((b) => b.takenAt)).toEqual([hours(24), hours(18), hours(12)]);
		expect(readdirSync(schedule.dir).sort()).toEqual([
			'anju-20260302T120000Z.db',
			'anju-20260302T180000Z.db',
			'anju-20260303T000000Z.db',
			'notes.txt'
		]);
		expect(nextBackupDelay(schedule, hours(25))).toBe(5 * 3_600_000);
		expect(nextBackupDelay(schedule, hours(31))).toBe(0);
	});

	it('start with a backup when the folder has none', async () => {
		const schedule = { dir: join(dir, 'on-start'), intervalHours: 24, keep: 7 };
		const stop = startBackupSchedule(path, schedule);
		try {
			await expect.poll(() => listScheduledBackups(schedule.dir).length, { timeout: 20_000 }).toBe(1);
		} finally {
			stop();
		}
		const [taken] = listScheduledBackups(schedule.dir);
		expect(contentsOf(taken!.file).integrity).toBe('ok');
		expect(Math.abs(taken!.takenAt.getTime() - Date.now())).toBeLessThan(60_000);
	});
});
