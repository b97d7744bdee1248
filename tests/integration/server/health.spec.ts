/**
 * GET /healthz through its handler on real databases: 200 when the database answers and its
 * migrations are exactly this build's; 503 naming the failing part when a migration is pending,
 * when the database was migrated by a newer build, or when the database cannot be reached.
 */
import { sql, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { migrateToLatest } from '$lib/server/db/migrate';
import { checkHealth } from '$lib/server/health';
import { GET } from '../../../src/routes/healthz/+server';
import { migrations } from '../../../migrations/index';
import { createEmptyTestDb, createTestDb, type TestDb } from '../../helpers/db';

let testDb: TestDb | undefined;
afterEach(async () => {
	await testDb?.cleanup();
	testDb = undefined;
});

/** The route's answer for a database: status and JSON body. */
async function healthz(db: TestDb['db']): Promise<{ status: number; body: Record<string, unknown>; cacheControl: string | null }> {
	const response = await GET({ locals: { db } } as unknown as RequestEvent<Record<string, never>, '/healthz'>);
	return { status: response.status, body: await response.json(), cacheControl: response.headers.get('cache-control') };
}

describe('GET /healthz', () => {
	it('is 200 with everything ok on a database migrated by this build', async () => {
		testDb = await createTestDb();
		expect(await healthz(testDb.db)).toEqual({
			status: 200,
			body: { status: 'ok', database: 'ok', migrations: 'current' },
			cacheControl: 'no-store'
		});
	});

	it('is 503 naming the pending migration when the database lacks the newest', async () => {
		testDb = await createEmptyTestDb();
		const names = Object.keys(migrations);
		const newest = names.at(-1)!;
		const allButNewest: Record<string, Migration> = Object.fromEntries(names.slice(0, -1).map((name) => [name, migrations[name]!]));
		await migrateToLatest(testDb.db, allButNewest);
		const { status, body } = await healthz(testDb.db);
		expect(status).toBe(503);
		expect(body).toEqual({ status: 'error', database: 'ok', migrations: 'pending', detail: `not applied: ${newest}` });
	});

	it('is 503 on an empty database (no migration table)', async () => {
		testDb = await createEmptyTestDb();
		const { status, body } = await healthz(testDb.db);
		expect(status).toBe(503);
		expect(body).toMatchObject({ status: 'error', database: 'ok', migrations: 'pending' });
	});

	it('is 503 when a newer build has migrated the database', async () => {
		testDb = await createTestDb();
		await sql`insert into kysely_migration (name, timestamp) values (${'2099_01_01_0001_from_the_future'}, ${new Date().toISOString()})`.execute(
			testDb.db
		);
		const { status, body } = await healthz(testDb.db);
		expect(status).toBe(503);
		expect(body).toEqual({
			status: 'error',
			database: 'ok',
			migrations: 'unknown',
			detail: 'applied by a newer build: 2099_01_01_0001_from_the_future'
		});
	});

	it('is 503 when the database cannot be reached', async () => {
		testDb = await createTestDb();
		await sql`select 1`.execute(testDb.db);
		await testDb.db.destroy();
		const health = await checkHealth(testDb.db);
		expect(health).toMatchObject({ status: 'error', database: 'unreachable', migrations: 'unchecked' });
		expect(health.detail).toEqual(expect.any(String));
	});
});
