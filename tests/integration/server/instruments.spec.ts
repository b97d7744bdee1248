import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { loadInstrumentDirectory, type LoadedInstrument } from '$lib/server/instrument-files';
import { getInstrumentVersion, InstrumentVersionConflict, syncInstrumentLibrary } from '$lib/server/instruments';
import { countRows, createTestDb, loadLibrary, makeTempDir, type TestDb } from '../../helpers/db';

const IDENTITY_FILE = 'instruments/community-identity.yaml';
const DEMOGRAPHICS_FILE = 'instruments/demographics.yaml';

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
const tempDirs: string[] = [];

/** A temporary instrument folder holding the given files (name → YAML text). */
function instrumentDir(files: Record<string, string>): string {
	const dir = makeTempDir('anju-instruments-');
	tempDirs.push(dir);
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	return dir;
}

/** Loads a folder with the loader the server uses; the fixture files must be valid. */
function load(dir: string): LoadedInstrument[] {
	const { instruments, errors } = loadInstrumentDirectory(dir, 'static');
	expect(errors).toEqual([]);
	return instruments;
}

function replaceOnce(text: string, from: string, to: string): string {
	expect(text).toContain(from);
	return text.replace(from, to);
}

const identityText = () => readFileSync(IDENTITY_FILE, 'utf8');
/** community-identity with one English prompt reworded (same key, same version). */
const rewordedIdentity = () =>
	replaceOnce(identityText(), 'en: I have grown attached to this community.', 'en: I have become attached to this community.');
/** A new instrument (demographics under another key) that a sync would store if it were allowed to. */
const extraInstrument = () => replaceOnce(readFileSync(DEMOGRAPHICS_FILE, 'utf8'), 'key: demographics\n', 'key: demographics-extra\n');

async function snapshot() {
	return {
		versions: await db
			.selectFrom('instrument_versions')
			.select(['id', 'instrument_key', 'version', 'content', 'source_file', 'created_at'])
			.orderBy('id')
			.execute(),
		instruments: await db.selectFrom('instruments').selectAll().orderBy('key').execute(),
		audit: await countRows(db, 'audit_log')
	};
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
});
afterAll(async () => {
	await testDb.cleanup();
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('syncInstrumentLibrary', () => {
	it('stores each library version once, under the SHA-256 of its canonical JSON', async () => {
		const stored = await syncInstrumentLibrary(db, library);
		expect(stored.sort()).toEqual(library.map((l) => l.hash).sort());
		expect(await countRows(db, 'instrument_versions')).toBe(library.length);
		expect(await countRows(db, 'instruments')).toBe(new Set(library.map((l) => l.instrument.key)).size);

		for (const entry of library) {
			const expectedId = createHash('sha256')
				.update(canonicalize(entry.instrument) as string)
				.digest('hex');
			expect(entry.hash).toBe(expectedId);
			expect(expectedId).toMatch(/^[0-9a-f]{64}$/);
			const version = await getInstrumentVersion(db, expectedId);
			expect(version).toMatchObject({
				id: expectedId,
				key: entry.instrument.key,
				version: entry.instrument.version,
				sourceFile: entry.file
			});
			expect(version?.instrument).toEqual(entry.instrument);
		}
		const audited = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'instrument_version.store').execute();
		expect(audited.map((a) => a.entity_id).sort()).toEqual(library.map((l) => l.hash).sort());
	});

	it('stores nothing when the library is synced again', async () => {
		const before = await snapshot();
		expect(await syncInstrumentLibrary(db, library)).toEqual([]);
		expect(await syncInstrumentLibrary(db, loadLibrary())).toEqual([]);
		expect(await snapshot()).toEqual(before);
	});

	it('refuses changed content under the same version, names the file, asks for a bump and stores nothing', async () => {
		const dir = instrumentDir({ 'community-identity.yaml': rewordedIdentity(), 'demographics-extra.yaml': extraInstrument() });
		const loaded = load(dir);
		const changed = loaded.find((l) => l.instrument.key === 'community-identity') as LoadedInstrument;
		const current = identityVersion();
		expect(changed.instrument.version).toBe(current);
		expect(changed.hash).not.toBe(library.find((l) => l.instrument.key === 'community-identity')?.hash);

		const before = await snapshot();
		const error = await syncInstrumentLibrary(db, loaded).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(InstrumentVersionConflict);
		const message = (error as Error).message;
		expect(message).toContain(join(dir, 'community-identity.yaml'));
		expect(message).toContain('community-identity');
		expect(message).toMatch(/bump 'version'/);
		expect(message).toContain(bumpPatch(current));
		expect(message).not.toContain('demographics-extra.yaml');
		// Not even the unrelated new instrument of the same sync is stored.
		expect(await snapshot()).toEqual(before);
		expect(await db.selectFrom('instruments').select('key').where('key', '=', 'demographics-extra').executeTakeFirst()).toBeUndefined();
	});

	it('stores a second version when the version is bumped, keeping the first', async () => {
		const first = library.find((l) => l.instrument.key === 'community-identity') as LoadedInstrument;
		const current = identityVersion();
		const dir = instrumentDir({
			'community-identity.yaml': replaceOnce(rewordedIdentity(), `version: ${current}`, `version: ${bumpPatch(current)}`)
		});
		const [bumped] = load(dir) as [LoadedInstrument];
		expect(bumped.instrument.version).toBe(bumpPatch(current));

		expect(await syncInstrumentLibrary(db, [bumped])).toEqual([bumped.hash]);
		const versions = await db
			.selectFrom('instrument_versions')
			.select(['id', 'version'])
			.where('instrument_key', '=', 'community-identity')
			.orderBy('version')
			.execute();
		expect(versions).toEqual([
			{ id: first.hash, version: current },
			{ id: bumped.hash, version: bumpPatch(current) }
		]);
		expect((await getInstrumentVersion(db, first.hash))?.instrument).toEqual(first.instrument);
		expect(await countRows(db, 'instrument_versions')).toBe(library.length + 1);
		expect(await countRows(db, 'instruments')).toBe(library.length);
		// The real library, with the first version, still syncs cleanly afterwards.
		expect(await syncInstrumentLibrary(db, library)).toEqual([]);
	});

	it('stores content copied to another file name only once', async () => {
		const dir = makeTempDir('anju-instruments-');
		tempDirs.push(dir);
		copyFileSync(IDENTITY_FILE, join(dir, 'renamed-identity.yaml'));
		const before = await snapshot();
		expect(await syncInstrumentLibrary(db, load(dir))).toEqual([]);
		expect(await snapshot()).toEqual(before);
	});
});

/** The library's current version of community-identity, and the next patch version after one. */
function identityVersion(): string {
	return (loadLibrary().find((l) => l.instrument.key === 'community-identity') as LoadedInstrument).instrument.version;
}

function bumpPatch(version: string): string {
	const parts = version.split('.').map(Number);
	parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + 1;
	return parts.join('.');
}
