import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Migration } from 'kysely';
import type { Db } from '$lib/server/db/create-db';
import { migrateToLatest, MigrationError } from '$lib/server/db/migrate';
import type { Database } from '$lib/server/db/schema';
import { migrations } from '../../../../migrations/index';
import { createEmptyTestDb, onPostgres, type TestDb } from '../../../helpers/db';

/** Every table of the Database interface; `satisfies` fails type-checking when one is added or removed. */
const TABLES = Object.keys({
	projects: true,
	sites: true,
	waves: true,
	instruments: true,
	instrument_versions: true,
	wave_instruments: true,
	respondents: true,
	responses: true,
	answers: true,
	scores: true,
	kiosks: true,
	users: true,
	project_members: true,
	sessions: true,
	audit_log: true,
	login_attempts: true,
	answer_corrections: true,
	rate_limits: true,
	consent_refusals: true,
	panel_code_reservations: true,
	api_tokens: true
} satisfies Record<keyof Database, true>).sort();

interface SchemaObject {
	type: string;
	name: string;
	tbl_name: string;
	sql: string | null;
}

/** Tables (with their columns), indexes and triggers, from the database's own catalog. */
async function schemaObjects(db: Db): Promise<SchemaObject[]> {
	if (onPostgres) {
		const { rows } = await sql<SchemaObject>`select 'table' as type, table_name as name, table_name as tbl_name,
	string_agg(column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, ''), ', ' order by ordinal_position) as sql
from information_schema.columns where table_schema = 'public' group by table_name
union all select 'index', indexname, tablename, indexdef from pg_indexes where schemaname = 'public'
union all select 'trigger', t.tgname, c.relname, pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal
order by 1, 2`.execute(db);
		return rows;
	}
	const { rows } = await sql<SchemaObject>`select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(db);
	return rows;
}

async function tableNames(db: Db): Promise<string[]> {
	return (await schemaObjects(db)).filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_')).map((o) => o.name);
}

async function pragma(db: Db, name: string): Promise<unknown> {
	const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(db);
	return Object.values(rows[0] ?? {})[0];
}

async function migrationNames(db: Db): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
	return rows.map((r) => r.name);
}

describe('migrateToLatest on an empty database', () => {
	let testDb: TestDb;
	let applied: string[];

	beforeAll(async () => {
		testDb = await createEmptyTestDb();
		expect(await tableNames(testDb.db)).toEqual([]);
		applied = await migrateToLatest(testDb.db);
	});
	afterAll(() => testDb.cleanup());

	it('applies every migration in name order', async () => {
		const names = Object.keys(migrations);
		expect(applied).toEqual([...names].sort());
		expect(await migrationNames(testDb.db)).toEqual([...names].sort());
	});

	it('creates every table of the Database interface', async () => {
		const tables = await tableNames(testDb.db);
		expect(tables.filter((t) => !t.startsWith('kysely_'))).toEqual(TABLES);
		expect(tables).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock']));
	});

	it.skipIf(onPostgres)('opens the database with WAL, foreign keys, synchronous=FULL and a busy timeout', async () => {
		expect(await pragma(testDb.db, 'journal_mode')).toBe('wal');
		expect(await pragma(testDb.db, 'foreign_keys')).toBe(1);
		expect(await pragma(testDb.db, 'synchronous')).toBe(2);
		expect(Number(await pragma(testDb.db, 'busy_timeout'))).toBeGreaterThan(0);
	});

	it('is a no-op when run again', async () => {
		const before = await schemaObjects(testDb.db);
		expect(await migrateToLatest(testDb.db)).toEqual([]);
		expect(await schemaObjects(testDb.db)).toEqual(before);
		expect(await migrationNames(testDb.db)).toEqual(Object.keys(migrations).sort());
	});
});

describe('a failing migration', () => {
	let testDb: TestDb;

	beforeAll(async () => {
		testDb = await createEmptyTestDb();
		await migrateToLatest(testDb.db);
	});
	afterAll(() => testDb.cleanup());

	const broken: Migration = {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
		up: async (db: Kysely<any>) => {
			await db.schema
				.createTable('half_made')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.execute();
			await sql`create index half_made_idx on half_made (id)`.execute(db);
			await sql`this is not sql at all`.execute(db);
		}
	};

	it('throws MigrationError naming it and leaves the schema exactly as before', async () => {
		const before = await schemaObjects(testDb.db);
		const error = await migrateToLatest(testDb.db, { ...migrations, '9999_broken': broken }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MigrationError);
		expect((error as MigrationError).migrationName).toBe('9999_broken');
		expect((error as MigrationError).message).toContain('9999_broken');
		expect(await schemaObjects(testDb.db)).toEqual(before);
		expect(await migrationNames(testDb.db)).not.toContain('9999_broken');
		expect(await migrationNames(testDb.db)).toEqual(Object.keys(migrations).sort());
	});

	// SQLite: each migration is its own transaction, so those before the broken one stay applied.
	it.skipIf(onPostgres)('applies the real migrations before a broken one on an empty database, and records only those', async () => {
		const fresh = await createEmptyTestDb();
		const reference = await createEmptyTestDb();
		try {
			await migrateToLatest(reference.db);
			await expect(migrateToLatest(fresh.db, { ...migrations, '9999_broken': broken })).rejects.toMatchObject({
				migrationName: '9999_broken'
			});
			expect(await schemaObjects(fresh.db)).toEqual(await schemaObjects(reference.db));
			expect(await migrationNames(fresh.db)).toEqual(Object.keys(migrations).sort());
		} finally {
			await fresh.cleanup();
			await reference.cleanup();
		}
	});

	// PostgreSQL: Kysely runs one migration batch in one transaction, so nothing of it stays.
	it.runIf(onPostgres)('applies nothing of a batch that ends in a broken migration on an empty database', async () => {
		const fresh = await createEmptyTestDb();
		try {
			await expect(migrateToLatest(fresh.db, { ...migrations, '9999_broken': broken })).rejects.toMatchObject({
				migrationName: '9999_broken'
			});
			const left = await schemaObjects(fresh.db);
			expect(left.filter((o) => !o.tbl_name.startsWith('kysely_'))).toEqual([]);
			expect(await migrationNames(fresh.db)).toEqual([]);
		} finally {
			await fresh.cleanup();
		}
	});
});

describe('the audit log', () => {
	let testDb: TestDb;

	beforeAll(async () => {
		testDb = await createEmptyTestDb();
		await migrateToLatest(testDb.db);
		await testDb.db
			.insertInto('audit_log')
			.values({
				id: 'a1',
				at: '2026-01-01T00:00:00.000Z',
				actor_user_id: null,
				actor_label: 'test',
				action: 'test.write',
				entity_type: 'test',
				entity_id: null,
				project_id: null,
				before: null,
				after: null,
				reason: null
			})
			.execute();
	});
	afterAll(() => testDb.cleanup());

	it('refuses UPDATE', async () => {
		await expect(testDb.db.updateTable('audit_log').set({ action: 'tampered' }).where('id', '=', 'a1').execute()).rejects.toThrow(
			/append-only/
		);
		const row = await testDb.db.selectFrom('audit_log').select('action').where('id', '=', 'a1').executeTakeFirstOrThrow();
		expect(row.action).toBe('test.write');
	});

	it('refuses DELETE', async () => {
		await expect(testDb.db.deleteFrom('audit_log').where('id', '=', 'a1').execute()).rejects.toThrow(/append-only/);
		await expect(testDb.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
		const rows = await testDb.db.selectFrom('audit_log').select('id').execute();
		expect(rows).toEqual([{ id: 'a1' }]);
	});
});
