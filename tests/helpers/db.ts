/**
 * Real databases for integration tests: each test file gets its own, migrated to the latest schema,
 * and removes it afterwards. SQLite by default (a temporary file); PostgreSQL when
 * `ANJU_TEST_POSTGRES_URL` names a server (`npm run test:postgres` starts a throwaway cluster and
 * sets it): then each test database is a new database on that server, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { createDb, isPostgresUrl, type Db } from '$lib/server/db/create-db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { loadInstrumentDirectory, type LoadedInstrument } from '$lib/server/instrument-files';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { createProject } from '$lib/server/projects';
import { createSite } from '$lib/server/sites';
import { createWave } from '$lib/server/waves';

/** The PostgreSQL server the tests run against, or undefined for SQLite. */
export const testPostgresUrl: string | undefined = process.env.ANJU_TEST_POSTGRES_URL || undefined;
/** For the few tests about SQLite itself (files, pragmas, WAL): `describe.skipIf(onPostgres)`. */
export const onPostgres = testPostgresUrl !== undefined;

export interface TestDb {
	db: Db;
	/** What `createDb` opened: the SQLite file, or the PostgreSQL URL (DATABASE_URL for a child process). */
	path: string;
	/** Environment that points a child process (the CLI, the built server) at this database. */
	env: Record<string, string>;
	/** Closes the database and removes it. */
	cleanup: () => Promise<void>;
}

/** A fresh temporary folder under the OS temp dir; the caller removes it. */
export function makeTempDir(prefix = 'anju-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs one statement on the test server's maintenance database. */
async function onServer(statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: testPostgresUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/**
 * Where a process keeps its data: a new file `anju.db` in `dir`, or on PostgreSQL a new empty
 * database (the throwaway cluster is removed with everything on it at the end of the run).
 */
export async function newDatabaseTarget(dir: string): Promise<string> {
	if (!testPostgresUrl) return join(dir, 'anju.db');
	const name = `anju_test_${randomBytes(6).toString('hex')}`;
	await onServer(`create database ${name}`);
	const url = new URL(testPostgresUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/** The environment that points a child process (the CLI, the built server) at `target`. */
export function databaseEnv(target: string): Record<string, string> {
	return isPostgresUrl(target) ? { DATABASE_URL: target } : { DATABASE_PATH: target };
}

/** Removes a database made by `newDatabaseTarget` (the file's folder is the caller's). */
async function dropDatabaseTarget(target: string): Promise<void> {
	if (isPostgresUrl(target)) await onServer(`drop database if exists ${new URL(target).pathname.slice(1)} with (force)`);
}

/** Opens a new, empty database (a file in a new temporary folder, or a new PostgreSQL database), not migrated. */
export async function createEmptyTestDb(): Promise<TestDb> {
	const dir = makeTempDir();
	const path = await newDatabaseTarget(dir);
	const db = createDb(path, { poolSize: 4 });
	let closed = false;
	return {
		db,
		path,
		env: databaseEnv(path),
		cleanup: async () => {
			if (closed) return;
			closed = true;
			await db.destroy();
			await dropDatabaseTarget(path);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A new database migrated to the latest schema. */
export async function createTestDb(): Promise<TestDb> {
	const testDb = await createEmptyTestDb();
	await migrateToLatest(testDb.db);
	return testDb;
}

/** The real instrument library (instruments/*.yaml), loaded as the server loads it. */
export function loadLibrary(): LoadedInstrument[] {
	const { instruments, errors } = loadInstrumentDirectory('instruments', 'static');
	if (errors.length > 0) throw new Error(`instrument library does not load:\n${errors.join('\n')}`);
	return instruments;
}

export interface SeededProject {
	projectId: string;
	/** Site in the project arm. */
	projectSiteId: string;
	/** Site in the comparison arm. */
	comparisonSiteId: string;
	baselineWaveId: string;
	/** Instrument version id (content hash) by instrument key. */
	versionIds: Record<string, string>;
}

let projectCounter = 0;

/**
 * A project with one site per arm and a baseline wave asking every current library version
 * (after storing the library). Slugs are unique so a test file may seed several projects.
 */
export async function seedProject(db: Db, library: LoadedInstrument[], slug = `test-${++projectCounter}`): Promise<SeededProject> {
	await syncInstrumentLibrary(db, library);
	const project = await createProject(db, { slug, name: `Test project ${slug}`, languages: ['zh-Hans', 'en'] });
	const projectSite = await createSite(db, { projectId: project.id, name: 'Project site', arm: 'project', targetPerWave: 100 });
	const comparisonSite = await createSite(db, { projectId: project.id, name: 'Comparison site', arm: 'comparison', targetPerWave: 100 });
	const wave = await createWave(db, {
		projectId: project.id,
		name: 'Baseline',
		kind: 'baseline',
		order: 1,
		instrumentVersionIds: library.map((l) => l.hash)
	});
	return {
		projectId: project.id,
		projectSiteId: projectSite.id,
		comparisonSiteId: comparisonSite.id,
		baselineWaveId: wave.id,
		versionIds: Object.fromEntries(library.map((l) => [l.instrument.key, l.hash]))
	};
}

/** Number of rows in a table. */
export async function countRows(
	db: Db,
	table: 'responses' | 'answers' | 'scores' | 'respondents' | 'instrument_versions' | 'instruments' | 'audit_log' | 'kiosks' | 'users'
): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * Makes every insert into `table` (or only those where `when`, an SQL condition on `new`) fail
 * with `message`, as a full disk would in the middle of a transaction; returns the undo. A
 * trigger on either database.
 */
export async function refuseInserts(db: Db, table: string, message: string, when = 'true'): Promise<() => Promise<void>> {
	const name = `refuse_${table}_${randomBytes(3).toString('hex')}`;
	if (onPostgres) {
		await sql
			.raw(
				`create function ${name}() returns trigger language plpgsql as $$ begin if ${when} then raise exception '${message}'; end if; return new; end $$`
			)
			.execute(db);
		await sql.raw(`create trigger ${name} before insert on ${table} for each row execute function ${name}()`).execute(db);
		return async () => {
			await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
			await sql.raw(`drop function ${name}()`).execute(db);
		};
	}
	await sql.raw(`create trigger ${name} before insert on ${table} when ${when} begin select raise(abort, '${message}'); end`).execute(db);
	return async () => {
		await sql.raw(`drop trigger ${name}`).execute(db);
	};
}
