/**
 * Refusing to start rather than serve a broken database. The built server (and the CLI) on a
 * damaged file — a wrong header, garbage over a table's page, a damaged first page, a file cut in
 * half — exits non-zero with a message naming the file and what to do, before writing to it. A
 * migration that fails half-way, in the real `anju migrate` process, exits non-zero and leaves the
 * schema and data exactly as they were; the server then starts on it. A database that a newer
 * version has migrated further is refused too, unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, onPostgres } from '../../helpers/db';
import { launchServer, seedDemo, ServerExitError } from '../helpers/server';
import { FAILING_MIGRATION } from './failing-migration/with-failing-migration';

let dir: string;
/** A sound database with the demo project, made by the CLI. */
let seeded: string;

beforeAll(() => {
	dir = makeTempDir('anju-startup-');
	seeded = join(dir, 'seeded.db');
	seedDemo(seeded);
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

let copies = 0;
/** A copy of the seeded database to damage. */
function copyOfSeeded(): string {
	const path = join(dir, `copy-${++copies}.db`);
	copyFileSync(seeded, path);
	return path;
}

function sha256(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
	const fd = openSync(path, 'r+');
	writeSync(fd, bytes, 0, bytes.length, offset);
	closeSync(fd);
}

/** Page size, page count and the root page of the answers table. */
function layout(path: string): { pageSize: number; pages: number; answersRoot: number } {
	const db = new SQLite(path, { readonly: true });
	const pageSize = db.pragma('page_size', { simple: true }) as number;
	const { rootpage } = db.prepare("select rootpage from sqlite_master where name = 'answers'").get() as { rootpage: number };
	db.close();
	return { pageSize, pages: statSync(path).size / pageSize, answersRoot: rootpage };
}

/** Starts the built server on `path` and returns how it ended; fails if it started serving. */
async function refusedStart(path: string): Promise<ServerExitError> {
	const started = Date.now();
	const outcome = await launchServer(path).then(
		async (server) => {
			await server.kill();
			throw new Error(`the server started on ${path}:\n${server.output()}`);
		},
		(error: unknown) => error
	);
	expect(outcome).toBeInstanceOf(ServerExitError);
	expect(Date.now() - started).toBeLessThan(15_000);
	return outcome as ServerExitError;
}

const damages: [string, (path: string) => void][] = [
	['a header that is not SQLite’s', (path) => overwrite(path, 0, Buffer.from('this is no database file'))],
	[
		'garbage over the answers table’s root page',
		(path) => {
			const { pageSize, answersRoot } = layout(path);
			overwrite(path, (answersRoot - 1) * pageSize, randomBytes(pageSize));
		}
	],
	['garbage over the schema on the first page', (path) => overwrite(path, 100, randomBytes(3000))],
	[
		'the file cut in half',
		(path) => {
			const { pageSize, pages } = layout(path);
			truncateSync(path, Math.floor(pages / 2) * pageSize);
		}
	]
];

// About the SQLite file: on PostgreSQL the server owns its files (and the migration checks run in the integration suite there).
describe.skipIf(onPostgres)('a damaged database file at start', () => {
	it.each(damages)('with %s: the server refuses to start, says so and leaves the file as it was', async (_, damage) => {
		const path = copyOfSeeded();
		damage(path);
		const before = sha256(path);
		const exit = await refusedStart(path);
		expect(exit.code).toBe(1);
		expect(exit.log).toContain(`The database file ${path} is damaged`);
		expect(exit.log).toMatch(/Restore the latest backup/);
		expect(exit.log).not.toMatch(/Listening on|Applied migrations/);
		expect(sha256(path)).toBe(before);
	});

	it('the CLI refuses it too, with the same message', () => {
		const path = copyOfSeeded();
		overwrite(path, 0, Buffer.from('this is no database file'));
		const result = spawnSync('npx', ['tsx', 'scripts/anju.ts', 'user', 'create', '--email', 'x@example.org', '--role', 'evaluator'], {
			env: { ...process.env, DATABASE_PATH: path },
			encoding: 'utf8'
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`anju: The database file ${path} is damaged: file is not a database`);
	});
});

interface SchemaAndData {
	schema: unknown[];
	migrations: unknown[];
	projects: unknown[];
	integrity: unknown;
}

function schemaAndData(path: string): SchemaAndData {
	const db = new SQLite(path, { readonly: true });
	try {
		return {
			schema: db.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all(),
			migrations: db.prepare('select * from kysely_migration order by name').all(),
			projects: db.prepare('select * from projects order by id').all(),
			integrity: db.pragma('integrity_check', { simple: true })
		};
	} finally {
		db.close();
	}
}

describe.skipIf(onPostgres)('a migration that fails half-way', () => {
	it('in `anju migrate` exits non-zero naming it, and leaves schema and data as they were', async () => {
		const path = copyOfSeeded();
		const before = schemaAndData(path);
		const result = spawnSync(
			process.execPath,
			['--import', 'tsx', '--import', './tests/e2e/faults/failing-migration/register.mjs', 'scripts/anju.ts', 'migrate'],
			{ env: { ...process.env, DATABASE_PATH: path }, encoding: 'utf8' }
		);
		expect(result.status).toBe(1);
		expect(result.stderr).toContain(`anju: migration ${FAILING_MIGRATION} failed: this migration fails half-way on purpose`);
		expect(schemaAndData(path)).toEqual(before);
		expect(before.integrity).toBe('ok');
		// Nothing was left half-done or locked: the server starts on it.
		const server = await launchServer(path);
		expect((await fetch(`${server.url}/login`)).status).toBe(200);
		await server.kill();
	});

	it('a database a newer version has migrated further: the server refuses it, unchanged', async () => {
		const path = copyOfSeeded();
		const db = new SQLite(path);
		db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
			'9999_01_01_0001_from_a_newer_version',
			new Date().toISOString()
		);
		db.close();
		const before = schemaAndData(path);
		const exit = await refusedStart(path);
		expect(exit.code).toBe(1);
		expect(exit.log).toContain('the database has migration 9999_01_01_0001_from_a_newer_version, which this version of Anju does not know');
		expect(schemaAndData(path)).toEqual(before);
	});
});
