import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, readConcurrently } from '$lib/server/db/create-db';
import { createEmptyTestDb, onPostgres, type TestDb } from '../../../helpers/db';

let test: TestDb | undefined;
afterEach(async () => {
	await test?.cleanup();
	test = undefined;
});

async function fileWithNumbers(count: number): Promise<TestDb> {
	const opened = await createEmptyTestDb();
	await sql`create table numbers (n integer primary key, label text)`.execute(opened.db);
	await sql`insert into numbers (n, label)
		with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n, 'n' || n from s`.execute(opened.db);
	return opened;
}

// On PostgreSQL the same function runs the queries on the pool: the tests about worker threads are SQLite's own.
describe('readConcurrently', () => {
	it('gives on a database file the same rows, in the order asked, as reading on the app connection', async () => {
		test = await fileWithNumbers(500);
		const db = test.db;
		const queries = [
			sql<{ total: number }>`select sum(n) as total from numbers where n <= ${100}`.compile(db),
			sql<{ n: number; label: string }>`select n, label from numbers where n between ${10} and ${12} order by n`.compile(db),
			sql<{ total: number }>`select count(*) as total from numbers`.compile(db)
		];
		const fromWorkers = await Promise.all(readConcurrently(db, queries));
		const inTurn = [];
		for (const query of queries) inTurn.push((await db.executeQuery(query)).rows);
		expect(fromWorkers).toEqual(inTurn);
		expect(fromWorkers).toEqual([[{ total: 5050 }], [10, 11, 12].map((n) => ({ n, label: `n${n}` })), [{ total: 500 }]]);
	});

	it('sees rows committed by the app connection before the read starts', async () => {
		test = await fileWithNumbers(3);
		await sql`insert into numbers (n, label) values (${99}, ${'late'})`.execute(test.db);
		const [rows] = readConcurrently(test.db, [sql<{ label: string }>`select label from numbers where n = ${99}`.compile(test.db)]);
		expect(await rows).toEqual([{ label: 'late' }]);
	});

	it.skipIf(onPostgres)('rejects a failing query with its SQLite message and code, and keeps serving the others', async () => {
		test = await fileWithNumbers(3);
		const [bad, good] = readConcurrently(test.db, [
			sql`select * from no_such_table`.compile(test.db),
			sql<{ total: number }>`select count(*) as total from numbers`.compile(test.db)
		]);
		await expect(bad).rejects.toMatchObject({ message: expect.stringContaining('no such table: no_such_table'), code: 'SQLITE_ERROR' });
		expect(await good).toEqual([{ total: 3 }]);
	});

	it.skipIf(onPostgres)('cannot write: the workers open the file read-only', async () => {
		test = await fileWithNumbers(3);
		const [write] = readConcurrently(test.db, [sql`delete from numbers returning n`.compile(test.db)]);
		await expect(write).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
		const { rows } = await sql<{ total: number }>`select count(*) as total from numbers`.execute(test.db);
		expect(rows).toEqual([{ total: 3 }]);
	});

	it('reads in-memory databases on the app connection, one query after another', async () => {
		const db = createDb(':memory:');
		try {
			await sql`create table t (n integer)`.execute(db);
			await sql`insert into t values (1), (2)`.execute(db);
			const results = await Promise.all(
				readConcurrently(db, [sql`select n from t order by n`.compile(db), sql`select count(*) as c from t`.compile(db)])
			);
			expect(results).toEqual([[{ n: 1 }, { n: 2 }], [{ c: 2 }]]);
		} finally {
			await db.destroy();
		}
	});

	it.skipIf(onPostgres)('fails queued reads once the database is closed', async () => {
		test = await fileWithNumbers(3);
		const reads = readConcurrently(
			test.db,
			[1, 2, 3, 4, 5, 6].map(() => sql`select count(*) from numbers`.compile(test!.db))
		);
		const settled = Promise.allSettled(reads);
		await test.cleanup();
		test = undefined;
		const outcomes = await settled;
		// Reads already on a worker may finish; the rest fail with a clear reason, none hangs.
		for (const outcome of outcomes)
			if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/read pool closed|terminated/);
	});
});
