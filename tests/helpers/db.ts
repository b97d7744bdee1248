/**
 * Real SQLite databases for integration tests: each test file gets its own temporary file,
 * migrated to the latest schema, and removes it afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '$lib/server/db/create-db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { loadInstrumentDirectory, type LoadedInstrument } from '$lib/server/instrument-files';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { createProject } from '$lib/server/projects';
import { createSite } from '$lib/server/sites';
import { createWave } from '$lib/server/waves';

export interface TestDb {
	db: Db;
	/** The database file. */
	path: string;
	/** Closes the database and removes its folder. */
	cleanup: () => Promise<void>;
}

/** A fresh temporary folder under the OS temp dir; the caller removes it. */
export function makeTempDir(prefix = 'anju-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Opens an empty database file in a new temporary folder, without migrating it. */
export function createEmptyTestDb(): TestDb {
	const dir = makeTempDir();
	const path = join(dir, 'anju.db');
	const db = createDb(path);
	let closed = false;
	return {
		db,
		path,
		cleanup: async () => {
			if (!closed) await db.destroy();
			closed = true;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A temporary database migrated to the latest schema. */
export async function createTestDb(): Promise<TestDb> {
	const testDb = createEmptyTestDb();
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
