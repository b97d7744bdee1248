import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { getProjectById } from '$lib/server/projects';
import { listResponses } from '$lib/server/response-list';
import { listRespondents, mergeRespondents, setRespondentWithdrawn, unmergeRespondent } from '$lib/server/panel-codes';
import { createUser } from '$lib/server/users';
import { createWave } from '$lib/server/waves';
import { countRows, createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { newPanelCode, recordVisit } from '../../helpers/visits';

let testDb: TestDb;
let db: Db;
let seeded: SeededProject;
let other: SeededProject;
let followUpId: string;
let actor: { userId: string };
let codes: string[];

async function respondent(code: string) {
	return db
		.selectFrom('respondents')
		.selectAll()
		.where('project_id', '=', seeded.projectId)
		.where('panel_code', '=', code)
		.executeTakeFirstOrThrow();
}

async function lastAudit() {
	return db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

async function writes() {
	return {
		audit: await countRows(db, 'audit_log'),
		respondents: await db.selectFrom('respondents').selectAll().orderBy('id').execute(),
		dataVersion: (await getProjectById(db, seeded.projectId))!.dataVersion
	};
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'panel');
	other = await seedProject(db, library, 'panel-other');
	actor = {
		userId: (
			await createUser(db, { email: 'co@example.org', name: 'Coordinator', password: 'a long enough password', role: 'coordinator' })
		).id
	};
	const identity = seeded.versionIds['community-identity']!;
	const participation = seeded.versionIds['community-participation']!;
	followUpId = (
		await createWave(db, { projectId: seeded.projectId, name: 'Follow-up', kind: 'follow-up', order: 2, instrumentVersionIds: [identity] })
	).id;
	codes = Array.from({ length: 4 }, newPanelCode);
	await recordVisit(db, {
		panelCode: codes[0]!,
		waveId: seeded.baselineWaveId,
		siteId: seeded.projectSiteId,
		versionIds: [identity, participation]
	});
	await recordVisit(db, { panelCode: codes[0]!, waveId: followUpId, siteId: seeded.projectSiteId, versionIds: [identity] });
	await recordVisit(db, { panelCode: codes[1]!, waveId: followUpId, siteId: seeded.projectSiteId, versionIds: [identity] });
	await recordVisit(db, { panelCode: codes[2]!, waveId: seeded.baselineWaveId, siteId: seeded.projectSiteId, versionIds: [identity] });
	await recordVisit(db, { panelCode: codes[3]!, waveId: seeded.baselineWaveId, siteId: seeded.projectSiteId, versionIds: [identity] });
	await recordVisit(db, {
		panelCode: codes[0]!,
		waveId: other.baselineWaveId,
		siteId: other.projectSiteId,
		versionIds: [other.versionIds['community-identity']!]
	});
});

afterAll(async () => {
	await testDb.cleanup();
});

describe('listRespondents', () => {
	it('lists the project’s codes with responses per wave', async () => {
		const page = await listRespondents(db, seeded.projectId, '');
		expect(page.total).toBe(4);
		const first = page.rows.find((r) => r.panelCode === codes[0]);
		expect(first?.responsesByWave).toEqual({ [seeded.baselineWaveId]: 2, [followUpId]: 1 });
	});

	it('finds a code typed in lower case without its dash, or a part of it', async () => {
		const typed = codes[1]!.replace('-', '').toLowerCase();
		expect((await listRespondents(db, seeded.projectId, typed)).rows.map((r) => r.panelCode)).toEqual([codes[1]]);
		expect((await listRespondents(db, seeded.projectId, codes[1]!.slice(0, 3))).rows.map((r) => r.panelCode)).toContain(codes[1]);
		expect((await listRespondents(db, seeded.projectId, '%')).total).toBe(4);
	});
});

describe('merging panel codes', () => {
	const merge = (fromCode: string, intoCode: string, reason = 'same person: card lost and reissued', confirmOverlap = false) =>
		mergeRespondents(db, { projectId: seeded.projectId, fromCode, intoCode, reason, confirmOverlap }, actor);

	it('refuses unknown codes, a code into itself and a missing reason, writing nothing', async () => {
		const before = await writes();
		expect(await merge('ZZZ-ZZZ', codes[0]!)).toEqual({ ok: false, errors: { from: 'not_found' } });
		expect(await merge(codes[0]!, codes[0]!)).toEqual({ ok: false, errors: { into: 'same' } });
		expect(await merge(codes[1]!, codes[0]!, ' ')).toEqual({ ok: false, errors: { reason: 'required' } });
		expect(await writes()).toEqual(before);
	});

	it('merges a code into another (typed loosely), audited, and shows it in the list — after a warning when both answered a survey in a wave', async () => {
		const before = await writes();
		// Both codes answered community-identity in the follow-up: the merge waits for a confirmation.
		expect(await merge(codes[1]!.toLowerCase(), codes[0]!)).toEqual({
			ok: false,
			errors: { overlap: 'both_answered' },
			overlaps: [{ waveName: 'Follow-up', instrumentKey: 'community-identity' }]
		});
		expect(await writes()).toEqual(before);
		expect(await merge(codes[1]!.toLowerCase(), codes[0]!, 'same person: card lost and reissued', true)).toEqual({ ok: true });
		const from = await respondent(codes[1]!);
		expect(from.merged_into_id).toBe((await respondent(codes[0]!)).id);
		const after = await writes();
		expect(after.audit).toBe(before.audit + 1);
		expect(after.dataVersion).toBe(before.dataVersion + 1);
		expect(await lastAudit()).toMatchObject({
			action: 'respondent.merge',
			entity_type: 'respondent',
			entity_id: from.id,
			actor_user_id: actor.userId,
			after: JSON.stringify({ panelCode: codes[1], mergedInto: codes[0], bothAnswered: ['Follow-up: community-identity'] })
		});
		const rows = (await listRespondents(db, seeded.projectId, '')).rows;
		expect(rows.find((r) => r.panelCode === codes[1])?.mergedIntoCode).toBe(codes[0]);
		expect(rows.find((r) => r.panelCode === codes[0])?.mergedFromCodes).toEqual([codes[1]]);
	});

	it('keeps merges one level deep', async () => {
		expect(await merge(codes[1]!, codes[2]!)).toEqual({ ok: false, errors: { from: 'already_merged' } });
		expect(await merge(codes[2]!, codes[1]!)).toEqual({ ok: false, errors: { into: 'merged' } });
		expect(await merge(codes[0]!, codes[2]!)).toEqual({ ok: false, errors: { from: 'has_merged' } });
	});

	it('undoes a merge with a reason, audited', async () => {
		const id = (await respondent(codes[1]!)).id;
		expect(await unmergeRespondent(db, { projectId: seeded.projectId, respondentId: id, reason: '' }, actor)).toEqual({
			ok: false,
			errors: { reason: 'required' }
		});
		expect(await unmergeRespondent(db, { projectId: other.projectId, respondentId: id, reason: 'x' }, actor)).toEqual({
			ok: false,
			errors: { respondent: 'not_found' }
		});
		expect(
			await unmergeRespondent(db, { projectId: seeded.projectId, respondentId: id, reason: 'two sisters, not one person' }, actor)
		).toEqual({ ok: true });
		expect((await respondent(codes[1]!)).merged_into_id).toBeNull();
		expect(await lastAudit()).toMatchObject({ action: 'respondent.unmerge', reason: 'two sisters, not one person' });
		expect(await unmergeRespondent(db, { projectId: seeded.projectId, respondentId: id, reason: 'again' }, actor)).toEqual({
			ok: false,
			errors: { respondent: 'not_merged' }
		});
	});
});

describe('merge warnings', () => {
	const merge = (fromCode: string, intoCode: string) =>
		mergeRespondents(db, { projectId: seeded.projectId, fromCode, intoCode, reason: 'one person, two cards' }, actor);

	it('merges at once codes that answered different waves, and then warns about the codes merged into the target too', async () => {
		// codes[2] answered the baseline, codes[1] the follow-up: nothing overlaps.
		expect(await merge(codes[2]!, codes[1]!)).toEqual({ ok: true });
		expect(JSON.parse((await lastAudit()).after!)).toEqual({ panelCode: codes[2], mergedInto: codes[1] });
		// codes[3] answered the baseline like codes[2], which now counts as codes[1]'s.
		const before = await writes();
		expect(await merge(codes[3]!, codes[1]!)).toEqual({
			ok: false,
			errors: { overlap: 'both_answered' },
			overlaps: [{ waveName: 'Baseline', instrumentKey: 'community-identity' }]
		});
		expect(await writes()).toEqual(before);
		const merged = (await respondent(codes[2]!)).id;
		expect(await unmergeRespondent(db, { projectId: seeded.projectId, respondentId: merged, reason: 'test done' }, actor)).toEqual({
			ok: true
		});
	});
});

describe('withdrawal', () => {
	const withdraw = async (code: string, withdraw: boolean, reason: string) =>
		setRespondentWithdrawn(db, { projectId: seeded.projectId, respondentId: (await respondent(code)).id, withdraw, reason }, actor);

	it('records a withdrawal with its reason, audited, once', async () => {
		const before = await writes();
		expect(await withdraw(codes[3]!, true, '')).toEqual({ ok: false, errors: { reason: 'required' } });
		expect(await writes()).toEqual(before);
		expect(await withdraw(codes[3]!, true, 'asked at the door to leave the study')).toEqual({ ok: true });
		const row = await respondent(codes[3]!);
		expect(row.withdrawn_at).not.toBeNull();
		expect(row.withdrawal_reason).toBe('asked at the door to leave the study');
		expect(await lastAudit()).toMatchObject({
			action: 'respondent.withdraw',
			entity_id: row.id,
			reason: 'asked at the door to leave the study'
		});
		expect((await writes()).dataVersion).toBe(before.dataVersion + 1);
		expect(await withdraw(codes[3]!, true, 'again')).toEqual({ ok: false, errors: { respondent: 'already_withdrawn' } });
		expect((await listRespondents(db, seeded.projectId, codes[3]!)).rows[0]?.withdrawnAt).toBe(row.withdrawn_at);
	});

	it('refuses to merge a withdrawn code and to withdraw a merged one', async () => {
		expect(
			await mergeRespondents(db, { projectId: seeded.projectId, fromCode: codes[3]!, intoCode: codes[2]!, reason: 'x' }, actor)
		).toEqual({
			ok: false,
			errors: { from: 'withdrawn' }
		});
		expect(
			await mergeRespondents(
				db,
				{ projectId: seeded.projectId, fromCode: codes[1]!, intoCode: codes[0]!, reason: 'same person after all', confirmOverlap: true },
				actor
			)
		).toEqual({ ok: true });
		expect(await withdraw(codes[1]!, true, 'x')).toEqual({ ok: false, errors: { respondent: 'merged' } });
	});

	it('takes a withdrawal back only with a reason', async () => {
		expect(await withdraw(codes[3]!, false, ' ')).toEqual({ ok: false, errors: { reason: 'required' } });
		expect(await withdraw(codes[3]!, false, 'recorded on the wrong code')).toEqual({ ok: true });
		expect(await respondent(codes[3]!)).toMatchObject({ withdrawn_at: null, withdrawal_reason: null });
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'respondent.unwithdraw', reason: 'recorded on the wrong code' });
		expect(JSON.parse(audit.before!)).toMatchObject({ withdrawalReason: 'asked at the door to leave the study' });
		expect(await withdraw(codes[3]!, false, 'again')).toEqual({ ok: false, errors: { respondent: 'not_withdrawn' } });
	});

	it('marks in the response list the responses of a withdrawn person, merged codes included', async () => {
		// codes[1] is merged into codes[0] (above).
		expect(await withdraw(codes[0]!, true, 'moved away, asked to be removed')).toEqual({ ok: true });
		const rows = (await listResponses(db, seeded.projectId, {})).rows;
		expect(rows.filter((r) => r.panelCode === codes[1]).every((r) => r.respondentWithdrawn)).toBe(true);
		expect(rows.filter((r) => r.panelCode === codes[0]).every((r) => r.respondentWithdrawn)).toBe(true);
		expect(rows.filter((r) => r.panelCode === codes[2]).some((r) => r.respondentWithdrawn)).toBe(false);
	});
});
