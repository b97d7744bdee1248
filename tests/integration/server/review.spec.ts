import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import { correctAnswer } from '$lib/server/corrections';
import { getProjectById } from '$lib/server/projects';
import { listResponses, parseResponseFilter } from '$lib/server/response-list';
import { getResponseForReview } from '$lib/server/response-review';
import { setResponseExcluded } from '$lib/server/review';
import { createUser } from '$lib/server/users';
import { scoreResponse } from '$lib/instruments/scoring';
import { relevantItemKeys } from '$lib/instruments/relevance';
import { countRows, createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { newPanelCode, recordVisit } from '../../helpers/visits';
import { IDENTITY_ANSWERS, PARTICIPATION_ANSWERS } from '../../fixtures/answers';

const IDENTITY = IDENTITY_ANSWERS;
const PARTICIPATION = PARTICIPATION_ANSWERS;

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
let seeded: SeededProject;
let other: SeededProject;
let actor: { userId: string };
let identityId: string;
let participationId: string;

const instrument = (key: string) => library.find((l) => l.instrument.key === key)!.instrument;

async function snapshot() {
	return {
		audit: await countRows(db, 'audit_log'),
		corrections: Number(
			(
				await db
					.selectFrom('answer_corrections')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		),
		answers: await db.selectFrom('answers').selectAll().orderBy('response_id').orderBy('item_key').execute(),
		scores: await db.selectFrom('scores').selectAll().orderBy('response_id').orderBy('scale_key').execute(),
		responses: await db.selectFrom('responses').select(['id', 'excluded', 'excluded_reason']).orderBy('id').execute(),
		dataVersion: (await getProjectById(db, seeded.projectId))!.dataVersion
	};
}

async function lastAudit() {
	return db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
	seeded = await seedProject(db, library, 'review');
	other = await seedProject(db, library, 'review-other');
	actor = {
		userId: (
			await createUser(db, { email: 'co@example.org', name: 'Coordinator Chen', password: 'a long enough password', role: 'coordinator' })
		).id
	};
	const identity = seeded.versionIds['community-identity']!;
	const participation = seeded.versionIds['community-participation']!;
	[identityId, participationId] = (await recordVisit(db, {
		panelCode: newPanelCode(),
		waveId: seeded.baselineWaveId,
		siteId: seeded.projectSiteId,
		versionIds: [identity, participation],
		answers: { [identity]: IDENTITY, [participation]: PARTICIPATION },
		startedAt: '2026-03-05T08:00:00.000Z'
	})) as [string, string];
	// 60 more on other days, sites, modes and statuses for the list.
	for (let i = 0; i < 60; i++) {
		await recordVisit(db, {
			panelCode: newPanelCode(),
			waveId: seeded.baselineWaveId,
			siteId: i % 2 === 0 ? seeded.projectSiteId : seeded.comparisonSiteId,
			versionIds: [identity],
			mode: i % 3 === 0 ? 'interviewer' : 'kiosk',
			status: i % 4 === 0 ? 'partial' : 'complete',
			startedAt: `2026-03-${String(10 + (i % 10)).padStart(2, '0')}T01:00:00.000Z`
		});
	}
	await recordVisit(db, {
		panelCode: newPanelCode(),
		waveId: other.baselineWaveId,
		siteId: other.projectSiteId,
		versionIds: [other.versionIds['community-identity']!]
	});
});

afterAll(async () => {
	await testDb.cleanup();
});

describe('listResponses', () => {
	it('lists only the project, 50 a page, newest first', async () => {
		const first = await listResponses(db, seeded.projectId, {}, 1);
		expect(first.total).toBe(62);
		expect(first.pageCount).toBe(2);
		expect(first.rows).toHaveLength(50);
		const second = await listResponses(db, seeded.projectId, {}, 2);
		expect(second.rows).toHaveLength(12);
		const all = [...first.rows, ...second.rows].map((r) => r.startedAt);
		expect(all).toEqual([...all].sort().reverse());
		expect(first.rows[0]).toMatchObject({ waveName: 'Baseline', instrumentKey: 'community-identity', excluded: false });
		expect(first.rows[0]!.instrumentTitle.en).toBeTruthy();
		// A page past the end shows the last page.
		expect((await listResponses(db, seeded.projectId, {}, 9)).page).toBe(2);
	});

	it('filters by site, status, mode, excluded and an inclusive date range', async () => {
		const count = async (filter: Parameters<typeof listResponses>[2]) => (await listResponses(db, seeded.projectId, filter)).total;
		expect(await count({ siteId: seeded.comparisonSiteId })).toBe(30);
		expect(await count({ status: 'partial' })).toBe(15);
		expect(await count({ mode: 'interviewer' })).toBe(20);
		expect(await count({ excluded: true })).toBe(0);
		expect(await count({ from: '2026-03-05', to: '2026-03-05' })).toBe(2);
		expect(await count({ from: '2026-03-18' })).toBe(12);
		expect(await count({ to: '2026-03-10' })).toBe(8);
		expect(await count({ waveId: other.baselineWaveId })).toBe(0);
	});

	it('parses the query string, ignoring values it does not know', () => {
		const { filter, page } = parseResponseFilter(
			new URLSearchParams('wave=w1&status=partial&mode=bogus&excluded=yes&from=2026-02-30&to=2026-03-01&page=3')
		);
		expect(filter).toEqual({
			waveId: 'w1',
			siteId: undefined,
			status: 'partial',
			mode: undefined,
			excluded: true,
			from: undefined,
			to: '2026-03-01'
		});
		expect(page).toBe(3);
	});
});

describe('getResponseForReview', () => {
	it('reads the answers back as they were sent, with scores, and only within the project', async () => {
		const review = await getResponseForReview(db, seeded.projectId, participationId);
		expect(review?.answers).toEqual(PARTICIPATION);
		expect(review?.instrument.key).toBe('community-participation');
		expect(review?.scores.map((s) => s.scaleKey)).toEqual(instrument('community-participation').scales.map((s) => s.key));
		expect(review?.relevant).toContain('part_vol_hours');
		expect(await getResponseForReview(db, other.projectId, participationId)).toBeUndefined();
	});
});

describe('excluding and restoring', () => {
	it('refuses without a reason and writes nothing', async () => {
		const before = await snapshot();
		expect(
			await setResponseExcluded(db, { projectId: seeded.projectId, responseId: identityId, exclude: true, reason: '  ' }, actor)
		).toEqual({
			ok: false,
			errors: { reason: 'required' }
		});
		expect(await snapshot()).toEqual(before);
	});

	it('excludes with a reason, audited, and refuses to exclude twice', async () => {
		const before = await snapshot();
		expect(
			await setResponseExcluded(
				db,
				{ projectId: seeded.projectId, responseId: identityId, exclude: true, reason: 'test run by staff' },
				actor
			)
		).toEqual({ ok: true });
		const row = await db
			.selectFrom('responses')
			.select(['excluded', 'excluded_reason'])
			.where('id', '=', identityId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ excluded: 1, excluded_reason: 'test run by staff' });
		const after = await snapshot();
		expect(after.audit).toBe(before.audit + 1);
		expect(after.dataVersion).toBe(before.dataVersion + 1);
		expect(await lastAudit()).toMatchObject({
			actor_user_id: actor.userId,
			action: 'response.exclude',
			entity_type: 'response',
			entity_id: identityId,
			project_id: seeded.projectId,
			before: JSON.stringify({ excluded: false, excludedReason: null }),
			after: JSON.stringify({ excluded: true, excludedReason: 'test run by staff' }),
			reason: 'test run by staff'
		});
		expect((await listResponses(db, seeded.projectId, { excluded: true })).rows.map((r) => r.id)).toEqual([identityId]);
		expect(
			await setResponseExcluded(db, { projectId: seeded.projectId, responseId: identityId, exclude: true, reason: 'again' }, actor)
		).toEqual({
			ok: false,
			errors: { response: 'already_excluded' }
		});
	});

	it('restores with a reason, audited; another project cannot touch it', async () => {
		expect(
			await setResponseExcluded(db, { projectId: other.projectId, responseId: identityId, exclude: false, reason: 'x' }, actor)
		).toBeUndefined();
		expect(
			await setResponseExcluded(
				db,
				{ projectId: seeded.projectId, responseId: identityId, exclude: false, reason: 'was a real resident' },
				actor
			)
		).toEqual({ ok: true });
		expect(
			await db.selectFrom('responses').select(['excluded', 'excluded_reason']).where('id', '=', identityId).executeTakeFirstOrThrow()
		).toEqual({
			excluded: 0,
			excluded_reason: null
		});
		expect(await lastAudit()).toMatchObject({ action: 'response.restore', reason: 'was a real resident' });
	});
});

describe('correcting an answer', () => {
	const correct = (itemKey: string, values: string[], reason = 'interviewer mis-tapped', responseId = identityId) =>
		correctAnswer(db, { projectId: seeded.projectId, responseId, itemKey, values, reason }, actor);

	it('refuses a value outside the exact version, a blank reason, an unknown item — writing nothing', async () => {
		const before = await snapshot();
		expect(await correct('bscs_1', ['7'])).toMatchObject({
			ok: false,
			errors: { value: 'invalid' },
			detail: expect.stringContaining('not an option')
		});
		expect(await correct('bscs_1', ['two'])).toMatchObject({ ok: false, errors: { value: 'invalid' } });
		expect(await correct('bscs_1', ['2'], '')).toMatchObject({ ok: false, errors: { reason: 'required' } });
		expect(await correct('nope', ['2'])).toMatchObject({ ok: false, errors: { item: 'unknown' } });
		expect(await correct('bscs_1', ['4'])).toMatchObject({ ok: false, errors: { value: 'unchanged' } });
		expect(await snapshot()).toEqual(before);
	});

	it('replaces the answer, keeps the old value, rescores the response and audits before → after', async () => {
		const before = await snapshot();
		expect(await correct('bscs_1', ['2'])).toEqual({ ok: true });
		const corrected = { ...IDENTITY, bscs_1: 2 };
		const review = await getResponseForReview(db, seeded.projectId, identityId);
		expect(review?.answers).toEqual(corrected);
		expect(review?.corrections).toMatchObject([
			{ itemKey: 'bscs_1', before: 4, after: 2, reason: 'interviewer mis-tapped', userName: 'Coordinator Chen' }
		]);

		const identity = instrument('community-identity');
		const expected = scoreResponse(identity, corrected, relevantItemKeys(identity, corrected));
		const stored = await db.selectFrom('scores').selectAll().where('response_id', '=', identityId).execute();
		for (const score of expected)
			expect(stored.find((s) => s.scale_key === score.scaleKey)).toMatchObject({ score: score.score, raw: score.raw });
		const oldScore = before.scores.find((s) => s.response_id === identityId && s.scale_key === 'sense_of_community')!.score;
		expect(stored.find((s) => s.scale_key === 'sense_of_community')!.score).not.toBe(oldScore);

		const after = await snapshot();
		expect(after.corrections).toBe(before.corrections + 1);
		expect(after.dataVersion).toBe(before.dataVersion + 1);
		const audit = await lastAudit();
		expect(audit).toMatchObject({
			action: 'answer.correct',
			entity_type: 'response',
			entity_id: identityId,
			reason: 'interviewer mis-tapped'
		});
		expect(JSON.parse(audit.before!)).toMatchObject({ answer: { bscs_1: 4 }, scores: { sense_of_community: oldScore } });
		expect(JSON.parse(audit.after!)).toMatchObject({ answer: { bscs_1: 2 } });
	});

	it('refuses a change that leaves a later answer behind a skip, and allows it once that answer is cleared', async () => {
		const before = await snapshot();
		expect(await correct('part_vol', ['0'], 'said no', participationId)).toMatchObject({
			ok: false,
			errors: { value: 'inconsistent' },
			detail: 'part_vol_hours'
		});
		expect(await snapshot()).toEqual(before);
		expect(await correct('part_vol_hours', [], 'not asked', participationId)).toEqual({ ok: true });
		expect(await correct('part_vol', ['0'], 'said no', participationId)).toEqual({ ok: true });
		const review = await getResponseForReview(db, seeded.projectId, participationId);
		expect(review?.answers.part_vol).toBe(0);
		expect(review?.answers).not.toHaveProperty('part_vol_hours');
		expect(review?.relevant).not.toContain('part_vol_hours');
		expect(review?.corrections.find((c) => c.itemKey === 'part_vol_hours')).toMatchObject({ before: 12, after: null });
	});

	it('corrects a multi answer from its checked codes', async () => {
		expect(await correct('part_types', ['2', '5'], 'read back to resident', participationId)).toEqual({ ok: true });
		const row = await db
			.selectFrom('answers')
			.selectAll()
			.where('response_id', '=', participationId)
			.where('item_key', '=', 'part_types')
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ value_num: 2, value_text: '2 5' });
		expect((await getResponseForReview(db, seeded.projectId, participationId))?.corrections[0]).toMatchObject({
			before: [1, 3, 4],
			after: [2, 5]
		});
	});

	it('leaves other projects alone', async () => {
		expect(
			await correctAnswer(db, { projectId: other.projectId, responseId: identityId, itemKey: 'bscs_1', values: ['3'], reason: 'x' }, actor)
		).toBeUndefined();
	});
});
