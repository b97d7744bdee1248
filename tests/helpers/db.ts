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
import { createDb, type Db } from '$lib/server/db/create-db';
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

/** Opens a new, empty database (a file in a new temporary folder, or a new PostgreSQL database), not migrated. */
export async function createEmptyTestDb(): Promise<TestDb> {
	if (testPostgresUrl) {
		const name = `anju_test_${randomBytes(6).toString('hex')}`;
		await onServer(`create database ${name}`);
		const url = new URL(testPostgresUrl);
		url.pathname = `/${name}`;
		const db = createDb(url.toString(), { poolSize: 4 });
		let closed = false;
		return {
			db,
			path: url.toString(),
			env: { DATABASE_URL: url.toString() },
			cleanup: async () => {
				if (closed) return;
				closed = true;
				await db.destroy();
				await onServer(`drop database if exists ${name} with (force)`);
			}
		};
	}
	const dir = makeTempDir();
	const path = join(dir, 'anju.db');
	const db = createDb(path);
	let closed = false;
	return {
		db,
		path,
		env: { DATABASE_PATH: path },
		cleanup: async () => {
			if (!closed) await db.destroy();
			closed = true;
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
