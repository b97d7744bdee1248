/**
 * The import commands of the `anju` CLI, run as a user would: XLSForm to YAML and back, and a
 * KoboToolbox CSV into a wave (dry run, refusal, --only-valid), on a real database file.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { loadInstrumentText } from '$lib/server/instrument-files';
import { countRows } from '../../helpers/db';
import { householdProject, householdXlsx, tempLibrary, type HouseholdProject, type TempLibrary } from './setup';

let temp: TempLibrary;
let databasePath: string;

function anju(...args: string[]): SpawnSyncReturns<string> {
	const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath, ANJU_INSTRUMENTS_DIR: temp.dir };
	delete env.DATABASE_URL;
	const result = spawnSync('npx', ['tsx', 'scripts/anju.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
	if (result.error) throw result.error;
	return result;
}

beforeAll(() => {
	temp = tempLibrary();
	databasePath = join(temp.dir, '..', 'anju.db');
});
afterAll(() => temp.cleanup());

describe('anju xlsform', () => {
	it('imports a workbook to YAML, printing what it noted', async () => {
		const form = join(temp.dir, '..', 'household.xlsx');
		writeFileSync(form, await householdXlsx());
		const out = join(temp.dir, '..', 'household.yaml');
		const result = anju('xlsform', 'import', form, '--out', out);
		expect(result.status).toBe(0);
		expect(result.stderr).toContain(
			"note: choices row 2: list 'yes_no' has names that are not numbers; Anju stores the codes yes = 1, no = 2"
		);
		const { loaded, errors } = loadInstrumentText(out, readFileSync(out, 'utf8'));
		expect(errors).toEqual([]);
		expect(loaded?.instrument.key).toBe('household');
	});

	it('refuses a form Anju cannot take, one line per row, with exit code 1', () => {
		const result = anju('xlsform', 'import', '../shared/xlsforms/case_insensitivity.xlsx');
		expect(result.status).toBe(1);
		expect(result.stdout).not.toContain('key:');
		expect(result.stderr.split('\n').filter((l) => l.startsWith('refused: '))).toEqual([
			"refused: SURVEY row 3: type 'select_one_external c1' of 'q2' is not supported: Anju has no external choice lists",
			"refused: SURVEY row 4: type 'osm c1' of 'q3' is not supported: Anju has no OpenStreetMap questions"
		]);
		expect(result.stderr).toContain('anju: ../shared/xlsforms/case_insensitivity.xlsx: not imported (2 refused)');
	});

	it('exports a library instrument that imports back to the same YAML', () => {
		const xlsx = join(temp.dir, '..', 'identity.xlsx');
		expect(anju('xlsform', 'export', 'community-identity', xlsx)).toMatchObject({ status: 0 });
		const back = anju('xlsform', 'import', xlsx);
		expect(back.status).toBe(0);
		const original = loadInstrumentText('a.yaml', readFileSync(join(temp.dir, 'community-identity.yaml'), 'utf8')).loaded;
		expect(loadInstrumentText('b.yaml', back.stdout).loaded?.hash).toBe(original?.hash);
		expect(anju('xlsform', 'export', 'nothing', xlsx)).toMatchObject({
			status: 1,
			stderr: expect.stringContaining("anju: no instrument 'nothing'")
		});
	});
});

describe('anju kobo import', () => {
	let db: Db;
	let project: HouseholdProject;
	let slug: string;
	beforeAll(async () => {
		db = createDb(databasePath);
		const { migrateToLatest } = await import('$lib/server/db/migrate');
		await migrateToLatest(db);
		project = await householdProject(db, temp);
		slug = (await db.selectFrom('projects').select('slug').where('id', '=', project.projectId).executeTakeFirstOrThrow()).slug;
	});
	afterAll(async () => db.destroy());

	const args = (file: string, ...extra: string[]) => [
		'kobo',
		'import',
		`tests/fixtures/kobo/${file}`,
		'--project',
		slug,
		'--wave',
		'Baseline',
		'--code-column',
		'panel_code',
		'--xlsform',
		join(temp.dir, '..', 'household.xlsx'),
		...extra
	];

	it('reports a dry run of a file with bad rows and writes nothing', async () => {
		const result = anju(...args('household-bad-rows.csv', '--site-column', 'site', '--dry-run'));
		expect(result.status).toBe(1);
		expect(result.stdout).toContain("row 3: no panel code in column 'panel_code'\n");
		expect(result.stdout).toContain(
			"row 12: household/hh_size: 'abc' is not a number; required item 'hh_size' is not answered; required item 'has_job' is not answered; answer to 'moved_in' must be on or after 2010-01-01\n"
		);
		expect(result.stdout).toContain('13 row(s): 2 ready, 0 imported before, 11 invalid; 2 new respondent(s).');
		expect(await countRows(db, 'responses')).toBe(0);
	});

	it('refuses the bad file without --only-valid and imports its valid rows with it', async () => {
		const refused = anju(...args('household-bad-rows.csv', '--site-column', 'site'));
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('anju: nothing imported: some rows are invalid (add --only-valid to import the others)');
		expect(await countRows(db, 'responses')).toBe(0);
		const imported = anju(...args('household-bad-rows.csv', '--site-column', 'site', '--only-valid'));
		expect(imported.stdout).toContain(`Imported 2 response(s) into ${slug} / Baseline.`);
		expect(await countRows(db, 'responses')).toBe(2);
		const audit = await db.selectFrom('audit_log').select(['actor_label']).where('action', '=', 'responses.import').execute();
		expect(audit).toEqual([{ actor_label: 'cli' }]);
	});

	it('imports a clean file, and adds nothing the second time', async () => {
		const first = anju(...args('household.csv', '--site', 'Riverside'));
		expect(first.status).toBe(0);
		expect(first.stdout).toContain('Imported 3 response(s)');
		const again = anju(...args('household.csv', '--site', 'Riverside'));
		expect(again.stdout).toContain('3 row(s): 0 ready, 3 imported before, 0 invalid; 0 new respondent(s).');
		expect(again.stdout).toContain('Imported 0 response(s)');
		expect(await countRows(db, 'responses')).toBe(5);
	});

	it('says what is missing from the command', () => {
		const result = anju('kobo', 'import', 'tests/fixtures/kobo/household.csv', '--project', slug);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain(
			'anju: kobo import needs <file.csv> --project SLUG --wave NAME --code-column COLUMN and --site NAME or --site-column COLUMN'
		);
	});
});
