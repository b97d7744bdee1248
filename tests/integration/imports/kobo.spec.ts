/**
 * KoboToolbox CSV into a wave, on a real SQLite file: the dry run, the import (one transaction,
 * audited), re-importing the same file, a file with bad rows, and all-or-nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKoboImport, importKoboResponses, type KoboImportInput } from '$lib/server/imports/kobo-import';
import { createUser } from '$lib/server/users';
import { countRows, createTestDb, refuseInserts, type TestDb } from '../../helpers/db';
import { fixture, householdProject, tempLibrary, type HouseholdProject, type TempLibrary } from './setup';

let testDb: TestDb;
let temp: TempLibrary;
let coordinatorId: string;

beforeAll(async () => {
	testDb = await createTestDb();
	temp = tempLibrary();
	coordinatorId = (
		await createUser(testDb.db, { email: 'c@example.org', name: 'Coordinator', password: 'correct horse battery', role: 'coordinator' })
	).id;
});

afterAll(async () => {
	await testDb.cleanup();
	temp.cleanup();
});

const counts = async () => ({
	responses: await countRows(testDb.db, 'responses'),
	answers: await countRows(testDb.db, 'answers'),
	scores: await countRows(testDb.db, 'scores'),
	respondents: await countRows(testDb.db, 'respondents'),
	audit: await countRows(testDb.db, 'audit_log')
});

function input(project: HouseholdProject, file: string, extra: Partial<KoboImportInput> = {}): KoboImportInput {
	return {
		projectId: project.projectId,
		waveId: project.waveId,
		fileName: file,
		data: fixture(file),
		codeColumn: 'panel_code',
		siteId: project.riversideId,
		names: project.names,
		...extra
	};
}

describe('a valid export (semicolons, group paths, split select_multiple columns)', () => {
	let project: HouseholdProject;
	beforeAll(async () => {
		project = await householdProject(testDb.db, temp);
	});

	it('dry run: reports what would be imported and writes nothing', async () => {
		const before = await counts();
		const report = await checkKoboImport(testDb.db, input(project, 'household.csv'));
		expect(report).toMatchObject({
			fileProblems: [],
			separator: ';',
			instrument: { versionId: project.versionId, key: 'household', version: '2' },
			rows: 3,
			ready: 3,
			alreadyImported: 0,
			invalid: [],
			newRespondents: 3
		});
		expect(report.matchedColumns).toEqual([
			{ header: 'household/hh_size', item: 'hh_size' },
			{ header: 'household/has_job', item: 'has_job' },
			{ header: 'household/job_kind', item: 'job_kind' },
			{ header: 'community/activities', item: 'activities' },
			{ header: 'community/belong', item: 'belong' },
			{ header: 'community/moved_in', item: 'moved_in' }
		]);
		expect(report.unknownColumns).toEqual([]);
		expect(report.metadataColumns).toContain('_submission_time');
		expect(report.metadataColumns).toContain('community/activities/dance');
		expect(await counts()).toEqual(before);
	});

	it('imports every row as an interviewer response, with answers, scores and new respondents, audited', async () => {
		const before = await counts();
		const outcome = await importKoboResponses(testDb.db, input(project, 'household.csv'), {
			onlyValid: false,
			actor: { userId: coordinatorId }
		});
		expect(outcome).toMatchObject({ status: 'imported', imported: 3 });
		const after = await counts();
		expect(after.responses - before.responses).toBe(3);
		expect(after.respondents - before.respondents).toBe(3);
		expect(after.audit - before.audit).toBe(1);

		const response = await testDb.db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', '4298c819-4bf8-4716-b7e4-6f6df9eacff7')
			.executeTakeFirstOrThrow();
		expect(response).toMatchObject({
			project_id: project.projectId,
			wave_id: project.waveId,
			site_id: project.riversideId,
			instrument_version_id: project.versionId,
			mode: 'interviewer',
			language: 'en',
			status: 'complete',
			started_at: '2024-05-06T01:12:44.123Z',
			completed_at: '2024-05-06T01:20:01.456Z',
			kiosk_id: null,
			interviewer_id: null
		});
		const answers = await testDb.db
			.selectFrom('answers')
			.select(['item_key', 'value_num', 'value_text'])
			.where('response_id', '=', response.id)
			.orderBy('item_key')
			.execute();
		expect(answers).toEqual([
			{ item_key: 'activities', value_num: 2, value_text: '1 2' },
			{ item_key: 'belong', value_num: 4, value_text: null },
			{ item_key: 'has_job', value_num: 1, value_text: null },
			{ item_key: 'hh_size', value_num: 4, value_text: null },
			{ item_key: 'job_kind', value_num: null, value_text: 'cleaner at the workshop' },
			{ item_key: 'moved_in', value_num: null, value_text: '2019-03-01' }
		]);
		// A lower-case code without its dash is the respondent QNU-9DA; a quoted ';' stays in the text.
		const third = await testDb.db
			.selectFrom('responses')
			.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
			.innerJoin('answers', 'answers.response_id', 'responses.id')
			.select(['respondents.panel_code', 'answers.value_text'])
			.where('responses.id', '=', 'f9284d66-e7e0-42dc-8b18-8c67a4b8d485')
			.where('answers.item_key', '=', 'job_kind')
			.executeTakeFirstOrThrow();
		expect(third).toEqual({ panel_code: 'QNU-9DA', value_text: 'farm work; seasonal' });
		const audit = await testDb.db.selectFrom('audit_log').selectAll().where('action', '=', 'responses.import').executeTakeFirstOrThrow();
		expect(audit).toMatchObject({
			actor_user_id: coordinatorId,
			entity_type: 'wave',
			entity_id: project.waveId,
			project_id: project.projectId
		});
		expect(JSON.parse(audit.after!)).toMatchObject({
			file: 'household.csv',
			rows: 3,
			imported: 3,
			alreadyImported: 0,
			invalidRowsLeftOut: 0,
			newRespondents: 3
		});
	});

	it('re-importing the same file adds nothing', async () => {
		const before = await counts();
		expect(await checkKoboImport(testDb.db, input(project, 'household.csv'))).toMatchObject({ ready: 0, alreadyImported: 3, invalid: [] });
		const outcome = await importKoboResponses(testDb.db, input(project, 'household.csv'), {
			onlyValid: false,
			actor: { userId: coordinatorId }
		});
		expect(outcome).toMatchObject({ status: 'imported', imported: 0 });
		expect(await counts()).toEqual(before);
	});

	it('refuses a changed row under a _uuid already imported', async () => {
		const changed = new TextDecoder().decode(fixture('household.csv')).replace('cleaner at the workshop', 'cleaner');
		const report = await checkKoboImport(testDb.db, { ...input(project, 'household.csv'), data: new TextEncoder().encode(changed) });
		expect(report.invalid).toEqual([
			{
				row: 2,
				reasons: [
					'response 4298c819-4bf8-4716-b7e4-6f6df9eacff7 was imported before with other content; a changed response needs a new _uuid'
				]
			}
		]);
		expect(report.alreadyImported).toBe(2);
	});

	it('refuses another response by a respondent who already answered this instrument in the wave', async () => {
		const other = new TextDecoder()
			.decode(fixture('household.csv'))
			.replace('4298c819-4bf8-4716-b7e4-6f6df9eacff7', '11111111-1111-4111-8111-111111111111');
		const report = await checkKoboImport(testDb.db, { ...input(project, 'household.csv'), data: new TextEncoder().encode(other) });
		expect(report.invalid).toEqual([
			{ row: 2, reasons: ['2XA-8RG already has a response to this instrument in this wave (4298c819-4bf8-4716-b7e4-6f6df9eacff7)'] }
		]);
	});

	it('without the XLSForm, word choices cannot be read and every row says so', async () => {
		const fresh = await householdProject(testDb.db, temp);
		const report = await checkKoboImport(testDb.db, input(fresh, 'household.csv', { names: undefined }));
		expect(report.ready).toBe(0);
		expect(report.invalid[0]).toEqual({
			row: 2,
			reasons: [
				"household/has_job: 'yes' is not a response code of 'has_job' (codes: 1, 2); choose the XLSForm the data was collected with to translate choice names",
				"community/activities: 'dance' is not a response code of 'activities' (codes: 1, 2, 3, 4); choose the XLSForm the data was collected with to translate choice names",
				"required item 'has_job' is not answered",
				// Without has_job the follow-up question is not asked, so its answer cannot be taken either.
				"item 'job_kind' was skipped by its relevance rule but has an answer"
			]
		});
	});
});

describe('a file with bad rows (commas, a site column)', () => {
	let project: HouseholdProject;
	const bad = () => input(project, 'household-bad-rows.csv', { siteId: undefined, siteColumn: 'site' });
	beforeAll(async () => {
		project = await householdProject(testDb.db, temp);
	});

	const EXPECTED_INVALID = [
		{ row: 3, reasons: ["no panel code in column 'panel_code'"] },
		{ row: 4, reasons: ["'XU5-HXY' is not a valid panel code (its check character does not match)"] },
		{
			row: 5,
			reasons: ["household/has_job: 'maybe' is not a response code of 'has_job' (codes: 1, 2)", "required item 'has_job' is not answered"]
		},
		{ row: 6, reasons: ["answer to 'hh_size' must be at least 1"] },
		{ row: 7, reasons: ["item 'job_kind' was skipped by its relevance rule but has an answer"] },
		{ row: 8, reasons: ['answer to \'activities\' breaks its constraint: "None" cannot go with other activities.'] },
		{ row: 9, reasons: ['_uuid 00000000-0000-4000-8000-000000000002 is also on row 2'] },
		{ row: 10, reasons: ["column 'household/pets' matches no item of 'household' (value 'cat')"] },
		{ row: 11, reasons: ["'Nowhere' in column 'site' is not a site of this project"] },
		{
			row: 12,
			reasons: [
				"household/hh_size: 'abc' is not a number",
				"required item 'hh_size' is not answered",
				"required item 'has_job' is not answered",
				"answer to 'moved_in' must be on or after 2010-01-01"
			]
		},
		{ row: 13, reasons: ['no _uuid'] }
	];

	it('dry run: every row that cannot be imported, with its row number and reasons', async () => {
		const report = await checkKoboImport(testDb.db, bad());
		expect(report).toMatchObject({ fileProblems: [], separator: ',', rows: 13, ready: 2, alreadyImported: 0, newRespondents: 2 });
		expect(report.unknownColumns).toEqual(['household/pets']);
		expect(report.invalid).toEqual(EXPECTED_INVALID);
	});

	it('leaves out columns that match no item when asked to', async () => {
		const report = await checkKoboImport(testDb.db, { ...bad(), ignoreUnknownColumns: true });
		expect(report.invalid.map((r) => r.row)).not.toContain(10);
		expect(report.ready).toBe(3);
	});

	it('writes nothing unless the user chooses to import only the valid rows', async () => {
		const before = await counts();
		const refused = await importKoboResponses(testDb.db, bad(), { onlyValid: false, actor: { userId: coordinatorId } });
		expect(refused).toMatchObject({ status: 'refused', reason: 'invalid_rows' });
		expect(await counts()).toEqual(before);

		const imported = await importKoboResponses(testDb.db, bad(), { onlyValid: true, actor: { userId: coordinatorId } });
		expect(imported).toMatchObject({ status: 'imported', imported: 2 });
		const after = await counts();
		expect(after.responses - before.responses).toBe(2);
		expect(after.audit - before.audit).toBe(1);
		const stored = await testDb.db
			.selectFrom('responses')
			.select(['id', 'site_id', 'started_at', 'completed_at'])
			.where('wave_id', '=', project.waveId)
			.orderBy('id')
			.execute();
		expect(stored).toEqual([
			{
				id: '00000000-0000-4000-8000-000000000002',
				site_id: project.riversideId,
				started_at: '2024-06-01T01:00:00.000Z',
				completed_at: '2024-06-01T01:10:00.000Z'
			},
			// No start or end: Kobo's _submission_time (UTC) is the start; the site name matched whatever its case.
			{
				id: '00000000-0000-4000-8000-000000000014',
				site_id: project.hillsideId,
				started_at: '2024-06-01T05:11:00.000Z',
				completed_at: null
			}
		]);
	});
});

describe('all or nothing', () => {
	it('stores none of the rows when one of them fails to be written', async () => {
		const project = await householdProject(testDb.db, temp);
		// Fresh _uuids: the file's own are imported already (response ids are unique across projects).
		const renamed = new TextDecoder().decode(fixture('household.csv')).replace(/;([0-9a-f]{8})-/g, ';0000000a-');
		const request = { ...input(project, 'household.csv'), data: new TextEncoder().encode(renamed) };
		expect(await checkKoboImport(testDb.db, request)).toMatchObject({ ready: 3, invalid: [] });
		const undo = await refuseInserts(testDb.db, 'responses', 'disk full', "new.id = '0000000a-e7e0-42dc-8b18-8c67a4b8d485'");
		const before = await counts();
		try {
			await expect(importKoboResponses(testDb.db, request, { onlyValid: false, actor: { userId: coordinatorId } })).rejects.toThrow(
				'disk full'
			);
		} finally {
			await undo();
		}
		expect(await counts()).toEqual(before);
	});
});

describe('problems with the whole file', () => {
	let project: HouseholdProject;
	beforeAll(async () => {
		project = await householdProject(testDb.db, temp);
	});

	it.each([
		[
			'a code column that is not there',
			{ codeColumn: 'respondent' },
			/^there is no column 'respondent' for panel codes \(columns: start, end, household\/hh_size/
		],
		['no site', { siteId: undefined }, /^choose the site of the responses, or the column that names it$/],
		['a site column that is not there', { siteId: undefined, siteColumn: 'community' }, /^there is no column 'community' for sites$/],
		[
			'an instrument version the wave does not ask',
			{ instrumentVersionId: 'f'.repeat(64) },
			/^instrument version 'f{64}' is not asked in this wave$/
		],
		[
			'a file that is not UTF-8',
			{ data: new Uint8Array([0x73, 0x74, 0x61, 0x72, 0x74, 0xff, 0xfe, 0x0a]) },
			/^the file is not UTF-8 text; export it from KoboToolbox as CSV again$/
		],
		[
			'a file without _uuid',
			{ data: new TextEncoder().encode('panel_code;household/hh_size\n2XA-8RG;3\n') },
			/^there is no _uuid column; export the data/
		],
		[
			'a file of other data',
			{ data: new TextEncoder().encode('_uuid,colour\n4298c819-4bf8-4716-b7e4-6f6df9eacff7,red\n') },
			/^there is no column 'panel_code'/
		]
	])('refuses %s', async (_, extra, problem) => {
		const before = await counts();
		const request = { ...input(project, 'household.csv'), ...extra };
		const report = await checkKoboImport(testDb.db, request);
		expect(report.fileProblems.length).toBeGreaterThan(0);
		expect(report.fileProblems[0]).toMatch(problem);
		expect(await importKoboResponses(testDb.db, request, { onlyValid: true, actor: 'cli' })).toMatchObject({
			status: 'refused',
			reason: 'file'
		});
		expect(await counts()).toEqual(before);
	});
});
