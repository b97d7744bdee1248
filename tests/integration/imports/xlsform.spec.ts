/**
 * Adding a reviewed XLSForm import to the library: the YAML is written into the instruments
 * folder, the version stored and audited in one transaction, the running library updated; a
 * conflict or a failure leaves the folder and the database as they were.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadInstrumentDirectory } from '$lib/server/instrument-files';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { addImportedInstrument, exportInstrumentXlsform, previewXlsform } from '$lib/server/imports/xlsform';
import { createUser } from '$lib/server/users';
import { readWorkbook } from '$lib/xlsform/workbook';
import { xlsformToInstrument } from '$lib/xlsform/import';
import { countRows, createTestDb, refuseInserts, type TestDb } from '../../helpers/db';
import { householdXlsx, tempLibrary, type TempLibrary } from './setup';

let testDb: TestDb;
let temp: TempLibrary;
let adminId: string;

beforeEach(async () => {
	testDb = await createTestDb();
	temp = tempLibrary();
	await syncInstrumentLibrary(testDb.db, temp.library);
	adminId = (await createUser(testDb.db, { email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', role: 'admin' }))
		.id;
});

afterEach(async () => {
	await testDb.cleanup();
	temp.cleanup();
});

const context = () => ({ instrumentsDir: temp.dir, staticDir: 'static', actor: { userId: adminId } });

describe('previewXlsform', () => {
	it('turns an uploaded workbook into YAML for review', async () => {
		const preview = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
		expect(preview.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(preview.yaml).toMatch(/^key: household\nversion: "2"\nlanguages: \[en, zh-Hans\]\n/);
		expect(preview.yaml).toContain('    relevance: "${has_job} = 1"\n');
	});

	it('says plainly when the upload is not a workbook', async () => {
		const preview = await previewXlsform(new TextEncoder().encode('not a spreadsheet'), { fileName: 'form.xlsx' });
		expect(preview).toEqual({
			issues: [
				{
					severity: 'error',
					sheet: 'workbook',
					message: 'the file is not an .xlsx workbook (an old .xls file must first be saved as .xlsx)'
				}
			]
		});
	});
});

describe('addImportedInstrument', () => {
	it('writes the file, stores the version, audits it and updates the running library', async () => {
		const { yaml } = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
		const versionsBefore = await countRows(testDb.db, 'instrument_versions');
		const result = await addImportedInstrument(testDb.db, temp.library, yaml!, context());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const file = join(temp.dir, 'household.yaml');
		expect(readFileSync(file, 'utf8')).toBe(yaml);
		expect(await countRows(testDb.db, 'instrument_versions')).toBe(versionsBefore + 1);
		const stored = await testDb.db
			.selectFrom('instrument_versions')
			.selectAll()
			.where('id', '=', result.loaded.hash)
			.executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ instrument_key: 'household', version: '2' });
		expect(JSON.parse(stored.content)).toEqual(result.loaded.instrument);
		const audit = await testDb.db.selectFrom('audit_log').selectAll().where('action', '=', 'instrument_version.import').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actor_user_id: adminId, entity_type: 'instrument_version', entity_id: result.loaded.hash });
		expect(temp.library.map((l) => l.instrument.key)).toContain('household');
		// The folder still loads as a library on the next start, with the same version.
		const reloaded = loadInstrumentDirectory(temp.dir, 'static');
		expect(reloaded.errors).toEqual([]);
		expect(reloaded.instruments.find((l) => l.instrument.key === 'household')?.hash).toBe(result.loaded.hash);
	});

	it('refuses the same version twice and a changed file under an old version, writing nothing', async () => {
		const { yaml } = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
		expect((await addImportedInstrument(testDb.db, temp.library, yaml!, context())).ok).toBe(true);
		const before = { versions: await countRows(testDb.db, 'instrument_versions'), audit: await countRows(testDb.db, 'audit_log') };
		expect(await addImportedInstrument(testDb.db, temp.library, yaml!, context())).toEqual({
			ok: false,
			errors: ["instrument 'household' version 2 is already in the library with exactly this content"]
		});
		const changed = yaml!.replace('Household survey', 'Household survey (revised)');
		expect(await addImportedInstrument(testDb.db, temp.library, changed, context())).toEqual({
			ok: false,
			errors: ["instrument 'household' version 2 is already stored with other content; change 'version' in the YAML"]
		});
		expect(readFileSync(join(temp.dir, 'household.yaml'), 'utf8')).toBe(yaml);
		expect({ versions: await countRows(testDb.db, 'instrument_versions'), audit: await countRows(testDb.db, 'audit_log') }).toEqual(before);
	});

	it('puts a new version of a library instrument in its file; the old version stays stored', async () => {
		const identity = temp.library.find((l) => l.instrument.key === 'community-identity')!;
		const exported = await exportInstrumentXlsform(testDb.db, temp.library, 'community-identity', null);
		const converted = xlsformToInstrument(await readWorkbook(exported!.data));
		expect(converted.instrument).toEqual(identity.instrument);
		const { yaml } = await previewXlsform(exported!.data);
		const bumped = yaml!.replace(`version: ${identity.instrument.version}`, 'version: 9.0.0');
		const result = await addImportedInstrument(testDb.db, temp.library, bumped, context());
		expect(result).toMatchObject({ ok: true, replaced: identity.instrument.version });
		expect(readFileSync(identity.file, 'utf8')).toBe(bumped);
		const versions = await testDb.db
			.selectFrom('instrument_versions')
			.select('version')
			.where('instrument_key', '=', 'community-identity')
			.execute();
		expect(versions.map((v) => v.version).sort()).toEqual([identity.instrument.version, '9.0.0']);
		expect(temp.library.filter((l) => l.instrument.key === 'community-identity').map((l) => l.instrument.version)).toEqual(['9.0.0']);
	});

	it('refuses YAML that does not validate, naming the line', async () => {
		const { yaml } = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
		const broken = yaml!.replace('scale: yes_no', 'scale: yes_or_no');
		const result = await addImportedInstrument(testDb.db, temp.library, broken, context());
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0]).toMatch(/^\(reviewed YAML\):\d+: items\[1\]\.scale: response scale 'yes_or_no' is not defined$/);
		expect(existsSync(join(temp.dir, 'household.yaml'))).toBe(false);
	});

	it('removes the file again when storing the version fails', async () => {
		const { yaml } = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
		const undo = await refuseInserts(testDb.db, 'instrument_versions', 'disk full');
		await expect(addImportedInstrument(testDb.db, temp.library, yaml!, context())).rejects.toThrow('disk full');
		await undo();
		expect(existsSync(join(temp.dir, 'household.yaml'))).toBe(false);
		expect(temp.library.some((l) => l.instrument.key === 'household')).toBe(false);
		expect(await testDb.db.selectFrom('instruments').select('key').where('key', '=', 'household').execute()).toEqual([]);
	});
});
