import { afterEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { groupCommitStats, writeTransaction } from '$lib/server/db/create-db';
import { createEmptyTestDb, onPostgres, type TestDb } from '../../../helpers/db';

let test: TestDb | undefined;
afterEach(async () => {
	await test?.cleanup();
	test = undefined;
});

async function withNotes(): Promise<TestDb> {
	const opened = await createEmptyTestDb();
	await sql`create table notes (id integer primary key, body text not null)`.execute(opened.db);
	return opened;
}

async function storedIds(t: TestDb): Promise<number[]> {
	const { rows } = await sql<{ id: number }>`select id from notes order by id`.execute(t.db);
	return rows.map((r) => r.id);
}

/** Inserts note `id` and answers with its body, as a unit of work. */
const insertNote = (id: number) => async (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => {
	await sql`insert into notes (id, body) values (${id}, ${`note ${id}`})`.execute(trx);
	return `note ${id}`;
};

// The outcome of each unit is the same on both databases; only SQLite shares commits.
describe('writeTransaction', () => {
	it('gives every unit its own result, and stores every unit that succeeded', async () => {
		test = await withNotes();
		const ids = Array.from({ length: 20 }, (_, i) => i + 1);
		const results = await Promise.all(ids.map((id) => writeTransaction(test!.db, insertNote(id))));
		expect(results).toEqual(ids.map((id) => `note ${id}`));
		expect(await storedIds(test)).toEqual(ids);
	});

	it('rolls back a unit that throws, alone: the units beside it are stored', async () => {
		test = await withNotes();
		const failing = async (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => {
			await insertNote(3)(trx);
			await sql`insert into notes (id, body) values (${30}, ${'half of unit 3'})`.execute(trx);
			throw new Error('unit 3 refuses');
		};
		const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((id) => writeTransaction(test!.db, id === 3 ? failing : insertNote(id))));
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
		expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('unit 3 refuses'));
		expect(await storedIds(test)).toEqual([1, 2, 4, 5]);
	});

	it('settles nothing before its commit: what resolves is already visible to another connection', async () => {
		test = await withNotes();
		const reader = onPostgres ? undefined : new SQLite(test.path, { readonly: true });
		try {
			const seen: boolean[] = [];
			await Promise.all(
				[1, 2, 3, 4].map((id) =>
					writeTransaction(test!.db, insertNote(id)).then(() => {
						if (reader) seen.push(reader.prepare('select 1 from notes where id = ?').get(id) !== undefined);
					})
				)
			);
			if (reader) expect(seen).toEqual([true, true, true, true]);
			expect(await storedIds(test)).toEqual([1, 2, 3, 4]);
		} finally {
			reader?.close();
		}
	});
});

describe.skipIf(onPostgres)('group commit on SQLite', () => {
	it('commits units that arrive together in one transaction, at most 64 in one', async () => {
		test = await withNotes();
		const before = { ...groupCommitStats(test.db)! };
		await Promise.all(Array.from({ length: 100 }, (_, i) => writeTransaction(test!.db, insertNote(i + 1))));
		const after = groupCommitStats(test.db)!;
		expect(after.units - before.units).toBe(100);
		expect(after.commits - before.commits).toBe(2);
		expect(await storedIds(test)).toHaveLength(100);
	});

	it('commits a unit that arrives alone by itself, as a plain transaction', async () => {
		test = await withNotes();
		const before = { ...groupCommitStats(test.db)! };
		for (const id of [1, 2, 3]) await writeTransaction(test.db, insertNote(id));
		const after = groupCommitStats(test.db)!;
		expect([after.commits - before.commits, after.units - before.units]).toEqual([3, 3]);
	});

	it('fails every unit of a batch whose commit fails, and stores none of them', async () => {
		test = await withNotes();
		// A deferred foreign key is checked at COMMIT: one unit's dangling reference fails the commit.
		await sql`create table links (id integer primary key, note_id integer references notes (id) deferrable initially deferred)`.execute(
			test.db
		);
		const dangling = async (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => {
			await sql`insert into links (id, note_id) values (${1}, ${999})`.execute(trx);
			return 'link';
		};
		const outcomes = await Promise.allSettled([writeTransaction(test.db, insertNote(1)), writeTransaction(test.db, dangling)]);
		expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
		expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
		expect(await storedIds(test)).toEqual([]);
		expect(groupCommitStats(test.db)!.commits).toBe(0);
		// The database is usable afterwards.
		await writeTransaction(test.db, insertNote(2));
		expect(await storedIds(test)).toEqual([2]);
	});

	it('fails the whole batch when SQLite has rolled the transaction back by itself (as after a full disk)', async () => {
		test = await withNotes();
		const rolledBack = async (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => {
			await insertNote(2)(trx);
			await sql`rollback`.execute(trx);
			throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		};
		const outcomes = await Promise.allSettled([1, 2, 3].map((id) => writeTransaction(test!.db, id === 2 ? rolledBack : insertNote(id))));
		// Unit 1 had succeeded, but its writes went with the rollback: it must not be acknowledged.
		expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'stored'))).toEqual([
			'SQLITE_FULL',
			'SQLITE_FULL',
			'SQLITE_FULL'
		]);
		expect(await storedIds(test)).toEqual([]);
		await writeTransaction(test.db, insertNote(4));
		expect(await storedIds(test)).toEqual([4]);
	});
});
