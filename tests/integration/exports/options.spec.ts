/**
 * What the export options do on the fixture project (see tests/fixtures/exports/fixture.ts):
 * excluded and withdrawn responses, merged panel codes, pseudonyms, panel codes for admins only,
 * the audit row of every download, the BOM, and refusals that say what is wrong.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../helpers/db';
import { createUser, type User } from '$lib/server/users';
import { addMember } from '$lib/server/members';
import { pseudonym } from '$lib/server/exports/pseudonym';
import { FIXTURE_IDS, FIXTURE_KEY, seedExportFixture } from '../../fixtures/exports/fixture';
import { download } from './download';

let testDb: TestDb;
let admin: User;
let coordinator: User;
let evaluator: User;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
	testDb = await createTestDb();
	await seedExportFixture(testDb.db);
	admin = await createUser(testDb.db, { email: 'admin@example.org', name: 'Admin', password: PASSWORD, role: 'admin' });
	coordinator = await createUser(testDb.db, { email: 'coord@example.org', name: 'Coord', password: PASSWORD, role: 'coordinator' });
	evaluator = await createUser(testDb.db, { email: 'eval@example.org', name: 'Eval', password: PASSWORD, role: 'evaluator' });
	await addMember(testDb.db, FIXTURE_IDS.project, coordinator.id, admin.id);
	await addMember(testDb.db, FIXTURE_IDS.project, evaluator.id, admin.id);
});

afterAll(() => testDb.cleanup());

type Row = Record<string, string>;
const rows = (text: string): Row[] => parse(text, { columns: true, bom: true }) as Row[];
const responseIds = (list: Row[]) => [...new Set(list.map((r) => r.response_id!.slice(-1)))].sort();

describe('excluded and withdrawn responses', () => {
	it('are left out by default, with no flag columns', async () => {
		const long = rows((await download(testDb.db, evaluator, 'long.csv')).text);
		expect(responseIds(long)).toEqual(['1', '2', '3', '4', '6']);
		expect(Object.keys(long[0]!)).not.toContain('excluded');
		expect(Object.keys(long[0]!)).not.toContain('withdrawn');
	});

	it('are included when asked for, and flagged', async () => {
		const long = rows((await download(testDb.db, evaluator, 'long.csv', `key=${FIXTURE_KEY}&excluded=1&withdrawn=1`)).text);
		expect(responseIds(long)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
		const flags = (n: string) => long.filter((r) => r.response_id!.endsWith(n)).map((r) => `${r.excluded}${r.withdrawn}`);
		expect(new Set(flags('7'))).toEqual(new Set(['10']));
		expect(new Set(flags('5'))).toEqual(new Set(['01']));
		expect(new Set(flags('1'))).toEqual(new Set(['00']));
	});

	it('only excluded ones when only those are asked for', async () => {
		const wide = rows((await download(testDb.db, evaluator, 'wide.csv', `key=${FIXTURE_KEY}&excluded=1`)).text);
		expect(wide.map((r) => r.excluded)).toEqual(['0', '0', '0', '1']);
		expect(wide.some((r) => r.responses!.endsWith('5'))).toBe(false);
	});
});

describe('people', () => {
	it('a merged panel code answers under the surviving respondent', async () => {
		const long = rows((await download(testDb.db, evaluator, 'long.csv')).text);
		const merged = long.filter((r) => r.response_id === FIXTURE_IDS.response(4));
		const own = long.filter((r) => r.response_id === FIXTURE_IDS.response(1));
		expect(merged.length).toBeGreaterThan(0);
		expect(new Set(merged.map((r) => r.respondent))).toEqual(new Set([own[0]!.respondent]));
	});

	it('the wide line of a person × wave takes the response received last', async () => {
		const wide = rows((await download(testDb.db, evaluator, 'wide.csv')).text);
		const followUp = wide.find((r) => r.wave === 'Follow-up 1' && r.site === '东区 · East')!;
		expect(followUp.responses).toBe(FIXTURE_IDS.response(3));
		expect(followUp.mood).toBe('9');
	});

	it('pseudonyms are the same in every file and wave of one key, other under another key, never the panel code', async () => {
		const a = pseudonym(FIXTURE_KEY, FIXTURE_IDS.project, FIXTURE_IDS.a);
		for (const file of ['long.csv', 'wide.csv', 'scores.csv']) {
			const list = rows((await download(testDb.db, evaluator, file)).text);
			// A is the only one left at the east site (B withdrew).
			const ofA = list.filter((r) => r.site === '东区 · East');
			expect(new Set(ofA.map((r) => r.respondent))).toEqual(new Set([a]));
			expect(new Set(ofA.map((r) => r.wave))).toEqual(new Set(['基线 · Baseline', 'Follow-up 1']));
		}
		const other = rows((await download(testDb.db, evaluator, 'long.csv', 'key=another-key-of-16-chars')).text);
		const first = rows((await download(testDb.db, evaluator, 'long.csv')).text);
		expect(other.map((r) => r.respondent)).not.toEqual(first.map((r) => r.respondent));
		expect(other.map((r) => r.value)).toEqual(first.map((r) => r.value));
		const text = (await download(testDb.db, evaluator, 'wide.csv')).text;
		for (const code of ['2XA-8RG', 'QNU-9DA', 'QQ3-QGH']) expect(text).not.toContain(code);
	});
});

describe('panel codes', () => {
	it.each([
		['a coordinator', () => coordinator],
		['an evaluator', () => evaluator]
	])('are refused to %s, with a reason and no audit row', async (_, user) => {
		const before = await testDb.db.selectFrom('audit_log').select('id').where('action', 'like', 'export.%').execute();
		const got = await download(testDb.db, user(), 'wide.csv', `key=${FIXTURE_KEY}&panel_codes=1`);
		expect(got.status).toBe(403);
		expect(got.error).toMatchObject({ code: 'panel_codes_forbidden', path: 'panel_codes' });
		expect(got.error!.message).toMatch(/Only an admin/);
		const after = await testDb.db.selectFrom('audit_log').select('id').where('action', 'like', 'export.%').execute();
		expect(after.length).toBe(before.length);
	});

	it('are added for an admin who asks, and the download is audited as such', async () => {
		const wide = rows((await download(testDb.db, admin, 'wide.csv', `key=${FIXTURE_KEY}&panel_codes=1`)).text);
		expect(wide.map((r) => r.panel_code)).toEqual(['2XA-8RG', '2XA-8RG', 'QQ3-QGH']);
		const entry = await testDb.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'export.download_with_panel_codes')
			.orderBy('at', 'desc')
			.executeTakeFirstOrThrow();
		expect(entry.actor_user_id).toBe(admin.id);
	});
});

describe('the audit log', () => {
	it('records who downloaded which file with which options, and a fingerprint of the key, not the key', async () => {
		await download(testDb.db, evaluator, 'long.csv', `key=${FIXTURE_KEY}&wave=${FIXTURE_IDS.followUp}&bom=1&lang=en`);
		const entry = await testDb.db
			.selectFrom('audit_log')
			.selectAll()
			.where('actor_user_id', '=', evaluator.id)
			.where('action', '=', 'export.download')
			.orderBy('at', 'desc')
			.executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ entity_type: 'project', entity_id: FIXTURE_IDS.project, project_id: FIXTURE_IDS.project });
		const after = JSON.parse(entry.after!);
		expect(after).toEqual({
			file: 'long.csv',
			waves: [FIXTURE_IDS.followUp],
			includeExcluded: false,
			includeWithdrawn: false,
			panelCodes: false,
			bom: true,
			language: 'en',
			keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/)
		});
		expect(entry.after).not.toContain(FIXTURE_KEY);
	});

	it('records codebook and syntax downloads too', async () => {
		await download(testDb.db, evaluator, 'anju.do', '');
		const entry = await testDb.db
			.selectFrom('audit_log')
			.select('after')
			.where('action', '=', 'export.download')
			.orderBy('at', 'desc')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(entry.after!)).toMatchObject({ file: 'anju.do', keyFingerprint: null });
	});
});

describe('the files', () => {
	it('one wave only', async () => {
		const long = rows((await download(testDb.db, evaluator, 'long.csv', `key=${FIXTURE_KEY}&wave=${FIXTURE_IDS.followUp}`)).text);
		expect(new Set(long.map((r) => r.wave))).toEqual(new Set(['Follow-up 1']));
	});

	it('for Excel: a byte order mark, and formula-looking text made inert', async () => {
		const got = await download(testDb.db, evaluator, 'long.csv', `key=${FIXTURE_KEY}&bom=1`);
		expect([...got.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(rows(got.text).find((r) => r.item === 'other_text' && r.value!.includes('SUM'))!.value).toBe("'=SUM(A1:A9)");
		const plain = await download(testDb.db, evaluator, 'long.csv');
		expect(plain.bytes[0]).toBe('p'.charCodeAt(0));
		expect(rows(plain.text).find((r) => r.item === 'other_text' && r.value!.includes('SUM'))!.value).toBe('=SUM(A1:A9)');
	});

	it('value labels in the language asked for', async () => {
		const long = rows((await download(testDb.db, evaluator, 'long.csv', `key=${FIXTURE_KEY}&lang=en`)).text);
		expect(long.find((r) => r.item === 'groups')!.label).toBe('Choir; Other');
	});

	it('says what it is: type, name to save it under, no caching', async () => {
		const got = await download(testDb.db, evaluator, 'wide.csv');
		expect(got.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
		expect(got.headers.get('content-disposition')).toBe('attachment; filename="fixture-wide.csv"');
		expect(got.headers.get('cache-control')).toBe('no-store');
		const page = await download(testDb.db, evaluator, 'codebook.html', '');
		expect(page.headers.get('content-disposition')).toBe('inline; filename="fixture-codebook.html"');
		expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
	});
});

describe('refusals', () => {
	it.each([
		['an unknown file', 'data.xlsx', `key=${FIXTURE_KEY}`, 404, 'not_found', undefined],
		['a data file without a key', 'long.csv', '', 400, 'key_required', 'key'],
		['a short key', 'long.csv', 'key=short', 400, 'invalid_option', 'key'],
		['a wave of no such project', 'long.csv', `key=${FIXTURE_KEY}&wave=nope`, 400, 'unknown_wave', 'wave'],
		['a language the project lacks', 'anju.R', 'lang=fr', 400, 'invalid_option', 'lang'],
		['a flag that is not 0 or 1', 'wide.csv', `key=${FIXTURE_KEY}&bom=yes`, 400, 'invalid_option', 'bom']
	])('%s', async (_, file, query, status, code, path) => {
		const got = await download(testDb.db, evaluator, file, query);
		expect(got.status).toBe(status);
		expect(got.error?.code).toBe(code);
		expect(got.error?.path).toBe(path);
		expect(got.error?.message.length).toBeGreaterThan(10);
	});

	it('codebook and syntax files need no key', async () => {
		for (const file of ['codebook.csv', 'codebook.html', 'anju.R', 'anju.sps', 'anju.do']) {
			expect((await download(testDb.db, evaluator, file, '')).status).toBe(200);
		}
	});
});
