import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { contentHash, type LoadedInstrument } from '$lib/server/instrument-files';
import { compareInstrumentVersions } from '$lib/server/instrument-diff';
import { listVersionsOfInstrument, syncInstrumentLibrary } from '$lib/server/instruments';
import { createTestDb, loadLibrary, type TestDb } from '../../helpers/db';

let testDb: TestDb;
let db: Db;
let original: LoadedInstrument;
let revised: LoadedInstrument;

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	await syncInstrumentLibrary(db, library);
	original = library.find((l) => l.instrument.key === 'community-identity')!;
	const instrument = structuredClone(original.instrument);
	instrument.version = '9.0.0';
	instrument.items[0]!.prompt.en = 'A reworded first question';
	revised = { instrument, file: 'revised.yaml', hash: contentHash(instrument) };
	await syncInstrumentLibrary(db, [revised]);
});

afterAll(async () => {
	await testDb.cleanup();
});

describe('compareInstrumentVersions', () => {
	it('lists the stored versions of one key', async () => {
		expect((await listVersionsOfInstrument(db, 'community-identity')).map((v) => v.id).sort()).toEqual(
			[original.hash, revised.hash].sort()
		);
		expect(await listVersionsOfInstrument(db, 'community-participation')).toHaveLength(1);
	});

	it('compares two named versions', async () => {
		const comparison = await compareInstrumentVersions(db, 'community-identity', original.hash, revised.hash);
		expect(comparison?.from.version).toBe(original.instrument.version);
		expect(comparison?.to.version).toBe('9.0.0');
		const key = original.instrument.items[0]!.key;
		expect(comparison?.diff.items).toEqual([
			{
				key,
				kind: 'changed',
				changes: [{ path: ['prompt', 'en'], before: original.instrument.items[0]!.prompt.en, after: 'A reworded first question' }]
			}
		]);
		expect(comparison?.names[`item:${key}`]?.en).toBe('A reworded first question');
	});

	it('picks the neighbouring version when "from" is not given', async () => {
		const comparison = await compareInstrumentVersions(db, 'community-identity', null, original.hash);
		expect(new Set([comparison?.from.id, comparison?.to.id])).toEqual(new Set([original.hash, revised.hash]));
	});

	it('refuses a version of another instrument or an unknown key', async () => {
		const other = (await listVersionsOfInstrument(db, 'community-participation'))[0]!.id;
		expect(await compareInstrumentVersions(db, 'community-identity', other, revised.hash)).toBeUndefined();
		expect(await compareInstrumentVersions(db, 'no-such-instrument', null, null)).toBeUndefined();
	});

	it('compares a lone version with itself as identical', async () => {
		const comparison = await compareInstrumentVersions(db, 'community-participation', null, null);
		expect(comparison?.versions).toHaveLength(1);
		expect(comparison?.diff.identical).toBe(true);
	});
});
