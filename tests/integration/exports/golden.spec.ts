/**
 * Every export file of the fixture project, byte for byte, against the golden files in
 * tests/fixtures/exports/golden (UTF-8, CRLF in the CSV files as RFC 4180 has it). After a change
 * that is meant to alter them, write them again with `UPDATE_GOLDEN=1` and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/db';
import { createUser, type User } from '$lib/server/users';
import { FIXTURE_KEY, seedExportFixture } from '../../fixtures/exports/fixture';
import { download } from './download';

const GOLDEN = 'tests/fixtures/exports/golden';
const update = process.env.UPDATE_GOLDEN === '1';
let testDb: TestDb;
let admin: User;

beforeAll(async () => {
	testDb = await createTestDb();
	await seedExportFixture(testDb.db);
	admin = await createUser(testDb.db, { email: 'admin@example.org', name: 'Admin', password: 'a long enough password', role: 'admin' });
});

afterAll(() => testDb.cleanup());

const CASES: { golden: string; file: string; query: string }[] = [
	{ golden: 'long.csv', file: 'long.csv', query: `key=${FIXTURE_KEY}` },
	{ golden: 'wide.csv', file: 'wide.csv', query: `key=${FIXTURE_KEY}` },
	{ golden: 'scores.csv', file: 'scores.csv', query: `key=${FIXTURE_KEY}` },
	{ golden: 'long-everything.csv', file: 'long.csv', query: `key=${FIXTURE_KEY}&excluded=1&withdrawn=1&panel_codes=1&lang=en` },
	{ golden: 'wide-everything.csv', file: 'wide.csv', query: `key=${FIXTURE_KEY}&excluded=1&withdrawn=1&panel_codes=1&lang=en` },
	{ golden: 'codebook.csv', file: 'codebook.csv', query: '' },
	{ golden: 'codebook.html', file: 'codebook.html', query: '' },
	{ golden: 'fixture.R', file: 'anju.R', query: '' },
	{ golden: 'fixture.sps', file: 'anju.sps', query: '' },
	{ golden: 'fixture.do', file: 'anju.do', query: '' }
];

describe('export files of the fixture project', () => {
	it.each(CASES)('$golden is exactly the golden file', async ({ golden, file, query }) => {
		const got = await download(testDb.db, admin, file, query);
		expect(got.status, got.text).toBe(200);
		const path = join(GOLDEN, golden);
		if (update || !existsSync(path)) {
			mkdirSync(GOLDEN, { recursive: true });
			writeFileSync(path, got.bytes);
			if (!update) throw new Error(`${path} did not exist and was written: review it, then run again`);
		}
		expect(got.text).toBe(readFileSync(path, 'utf8'));
	});
});
