/**
 * GET /api/v1/projects/{slug}/responses at the level of its server module, on a real SQLite file:
 * cursor paging without duplicates or gaps while rows arrive, the filters, what "updated" means,
 * pseudonymity, and every refusal of a bad query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiResponses, type ApiResponse } from '$lib/server/api/responses';
import { parseResponseQuery, SETTLE_MS, type ResponseQuery } from '$lib/server/api/response-query';
import { correctAnswer } from '$lib/server/corrections';
import { setResponseExcluded } from '$lib/server/review';
import { mergeRespondents, setRespondentWithdrawn } from '$lib/server/panel-codes';
import { createWave } from '$lib/server/waves';
import { pseudonym } from '$lib/server/exports/pseudonym';
import type { Role } from '$lib/server/db/schema';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { createCoordinator, IDENTITY_ANSWERS, submitIdentityResponse } from '../../helpers/submissions';
import { newPanelCode } from '../../helpers/visits';

let t: TestDb;
let seeded: SeededProject;
let other: SeededProject;
let followUpWaveId: string;
let actor: { userId: string };
/** The fixture's responses, as (id, panel code), in arrival order. */
const stored: { id: string; panelCode: string }[] = [];
const coordinator = { id: 'nobody', role: 'coordinator' as Role };

/** A time after every fixture row and before any change made by a test. */
const FIXTURE_END = '2026-01-02T00:00:00.000Z';

beforeAll(async () => {
	t = await createTestDb();
	const library = loadLibrary();
	seeded = await seedProject(t.db, library, 'api-responses');
	other = await seedProject(t.db, library, 'api-other');
	followUpWaveId = (
		await createWave(t.db, {
			projectId: seeded.projectId,
			name: 'Follow-up',
			kind: 'follow-up',
			order: 2,
			instrumentVersionIds: [seeded.versionIds['community-identity']!]
		})
	).id;
	actor = { userId: (await createCoordinator(t.db)).id };
	for (let i = 0; i < 12; i++) {
		const panelCode = newPanelCode();
		const receipt = await submitIdentityResponse(t.db, seeded, {
			panelCode,
			siteId: i % 3 === 0 ? seeded.comparisonSiteId : seeded.projectSiteId,
			waveId: i % 4 === 0 ? followUpWaveId : seeded.baselineWaveId
		});
		stored.push({ id: receipt.id, panelCode });
	}
	await submitIdentityResponse(t.db, other);
	// Arrival times of the past, three rows to a second: the cursor must break ties by id.
	for (const [i, row] of stored.entries()) {
		const at = new Date(Date.parse('2026-01-01T00:00:00.000Z') + Math.floor(i / 3) * 1000).toISOString();
		await t.db.updateTable('responses').set({ received_at: at }).where('id', '=', row.id).execute();
	}
});
afterAll(() => t.cleanup());

const KEY = 'integration-test-key-1';

function query(params: Record<string, string> = {}, now = new Date()): ResponseQuery {
	const parsed = parseResponseQuery(new URLSearchParams({ key: KEY, ...params }), now);
	if (!parsed.ok) throw new Error(`bad query: ${parsed.problem.message}`);
	return parsed.query;
}

async function page(q: ResponseQuery, role: Role = 'coordinator') {
	const result = await listApiResponses(t.db, { projectId: seeded.projectId, viewer: { id: actor.userId, role } }, q);
	if (!result.ok) throw new Error(`refused: ${result.problem.message}`);
	return result.page;
}

/** Follows the cursor to the end; `between` runs after each page (rows arriving meanwhile). */
async function listAll(params: Record<string, string>, now = new Date(), between: () => Promise<void> = async () => {}) {
	const rows: ApiResponse[] = [];
	let current = await page(query(params, now));
	rows.push(...current.data);
	let pages = 1;
	while (current.nextCursor) {
		// A cursor that does not advance would loop for ever: fail instead.
		if (pages > 100) throw new Error('more than 100 pages: the cursor does not advance');
		await between();
		current = await page(query({ ...params, cursor: current.nextCursor }, now));
		rows.push(...current.data);
		pages++;
	}
	return { rows, pages, asOf: current.asOf };
}

const ids = (rows: ApiResponse[]) => rows.map((r) => r.id);
const sortedIds = (list: { id: string }[]) => list.map((r) => r.id).sort();

describe('cursor paging', () => {
	it('returns every response once, in arrival order then id, whatever the page size', async () => {
		for (const limit of [1, 2, 3, 5, 12, 13, 500]) {
			const { rows, pages } = await listAll({ limit: String(limit) });
			expect(sortedIds(rows), `limit ${limit}`).toEqual(sortedIds(stored));
			expect(new Set(ids(rows)).size).toBe(rows.length);
			expect(pages).toBe(Math.ceil(12 / limit));
			const order = rows.map((r) => `${r.receivedAt} ${r.id}`);
			expect(order).toEqual([...order].sort());
		}
	});

	it('neither repeats nor skips rows while new ones arrive, and the next listing gets exactly the new ones', async () => {
		const arrived: string[] = [];
		const first = await listAll({ limit: '4' }, new Date(), async () => {
			for (let i = 0; i < 2; i++) arrived.push((await submitIdentityResponse(t.db, seeded, { panelCode: newPanelCode() })).id);
		});
		expect(first.pages).toBe(3);
		expect(arrived).toHaveLength(4);
		expect(sortedIds(first.rows)).toEqual(sortedIds(stored));
		// The new rows belong to the next listing, which asks for what changed since this one's asOf.
		const next = await listAll({ limit: '3', updated_since: first.asOf }, new Date(Date.now() + SETTLE_MS + 1000));
		expect(ids(next.rows).sort()).toEqual([...arrived].sort());
		// Clean up for the tests below: they expect the fixture alone.
		for (const id of arrived) {
			await t.db.deleteFrom('answers').where('response_id', '=', id).execute();
			await t.db.deleteFrom('scores').where('response_id', '=', id).execute();
			await t.db.deleteFrom('responses').where('id', '=', id).execute();
		}
	});

	it('keeps rows of the last seconds for the next listing (they may still be committing elsewhere)', async () => {
		const receipt = await submitIdentityResponse(t.db, seeded, { panelCode: newPanelCode() });
		const now = new Date();
		expect(ids((await listAll({}, now)).rows)).not.toContain(receipt.id);
		expect(ids((await listAll({}, new Date(now.getTime() + SETTLE_MS + 10))).rows)).toContain(receipt.id);
		await t.db.deleteFrom('answers').where('response_id', '=', receipt.id).execute();
		await t.db.deleteFrom('scores').where('response_id', '=', receipt.id).execute();
		await t.db.deleteFrom('responses').where('id', '=', receipt.id).execute();
	});
});

describe('filters', () => {
	it('by wave and by site, together with paging', async () => {
		const all = (await listAll({})).rows;
		const followUp = await listAll({ wave: followUpWaveId, limit: '2' });
		expect(sortedIds(followUp.rows)).toEqual(sortedIds(all.filter((r) => r.waveId === followUpWaveId)));
		expect(followUp.rows).toHaveLength(3);
		const comparison = await listAll({ site: seeded.comparisonSiteId, limit: '2' });
		expect(comparison.rows).toHaveLength(4);
		expect(comparison.rows.every((r) => r.siteId === seeded.comparisonSiteId)).toBe(true);
		const both = await listAll({ site: seeded.comparisonSiteId, wave: followUpWaveId });
		expect(both.rows.map((r) => [r.siteId, r.waveId])).toEqual([[seeded.comparisonSiteId, followUpWaveId]]);
	});

	it('refuses a wave or site of another project, naming the parameter', async () => {
		for (const [params, path] of [
			[{ wave: other.baselineWaveId }, 'wave'],
			[{ site: other.projectSiteId }, 'site'],
			[{ wave: 'no-such-wave' }, 'wave']
		] as const) {
			const result = await listApiResponses(t.db, { projectId: seeded.projectId, viewer: coordinator }, query(params));
			expect(result).toMatchObject({ ok: false, problem: { status: 400, code: 'invalid_parameter', path } });
		}
	});

	it('updated_since: received since, or changed since by a correction, an exclusion, a merge or a withdrawal', async () => {
		const since = new Date().toISOString();
		expect((await listAll({ updated_since: since })).rows).toEqual([]);
		expect((await listAll({ updated_since: FIXTURE_END })).rows).toEqual([]);
		expect((await listAll({ updated_since: '2026-01-01T00:00:02Z' })).rows).toHaveLength(6);

		const [corrected, excluded, merged, into, withdrawn] = stored;
		expect(
			await correctAnswer(
				t.db,
				{ projectId: seeded.projectId, responseId: corrected!.id, itemKey: 'bscs_1', values: ['2'], reason: 'mis-tap' },
				actor
			)
		).toEqual({ ok: true });
		expect(
			await setResponseExcluded(t.db, { projectId: seeded.projectId, responseId: excluded!.id, exclude: true, reason: 'test run' }, actor)
		).toEqual({ ok: true });
		expect(
			await mergeRespondents(
				t.db,
				{ projectId: seeded.projectId, fromCode: merged!.panelCode, intoCode: into!.panelCode, reason: 'same', confirmOverlap: true },
				actor
			)
		).toEqual({ ok: true });
		const person = await t.db.selectFrom('responses').select('respondent_id').where('id', '=', withdrawn!.id).executeTakeFirstOrThrow();
		expect(
			await setRespondentWithdrawn(
				t.db,
				{ projectId: seeded.projectId, respondentId: person.respondent_id, withdraw: true, reason: 'asked to leave' },
				actor
			)
		).toEqual({ ok: true });

		const changed = (await listAll({ updated_since: since }, new Date(Date.now() + SETTLE_MS + 1000))).rows;
		expect(sortedIds(changed)).toEqual(sortedIds([corrected!, excluded!, merged!, withdrawn!]));
		for (const row of changed) {
			expect(row.updatedAt >= since).toBe(true);
			expect(row.updatedAt > row.receivedAt).toBe(true);
		}
		const byId = new Map(changed.map((r) => [r.id, r]));
		expect(byId.get(corrected!.id)?.answers?.bscs_1).toBe(2);
		expect(byId.get(excluded!.id)?.excluded).toBe(true);
		expect(byId.get(withdrawn!.id)).toMatchObject({ withdrawn: true, answers: null, scores: null });
		// The merged code now counts as the person it was merged into.
		const intoRow = (await listAll({})).rows.find((r) => r.id === into!.id);
		expect(byId.get(merged!.id)?.respondent).toBe(intoRow?.respondent);
		// A withdrawal of the person reaches the responses of codes merged into them.
		const intoPerson = await t.db.selectFrom('responses').select('respondent_id').where('id', '=', into!.id).executeTakeFirstOrThrow();
		const beforeWithdrawal = new Date().toISOString();
		await setRespondentWithdrawn(
			t.db,
			{ projectId: seeded.projectId, respondentId: intoPerson.respondent_id, withdraw: true, reason: 'left' },
			actor
		);
		const afterWithdrawal = (await listAll({ updated_since: beforeWithdrawal }, new Date(Date.now() + SETTLE_MS + 1000))).rows;
		expect(sortedIds(afterWithdrawal)).toEqual(sortedIds([merged!, into!]));
		expect(afterWithdrawal.every((r) => r.withdrawn && r.answers === null)).toBe(true);
	});
});

describe('each response', () => {
	it('has its answers and scores, and the export pseudonym of its key instead of the panel code', async () => {
		const { rows } = await listAll({});
		const row = rows.find((r) => r.id === stored[5]!.id)!;
		expect(row).toMatchObject({
			instrumentVersionId: seeded.versionIds['community-identity'],
			instrumentKey: 'community-identity',
			mode: 'kiosk',
			language: 'zh-Hans',
			status: 'complete',
			excluded: false,
			withdrawn: false,
			answers: IDENTITY_ANSWERS
		});
		const scores = await t.db.selectFrom('scores').selectAll().where('response_id', '=', row.id).execute();
		expect(Object.keys(row.scores ?? {}).sort()).toEqual(scores.map((s) => s.scale_key).sort());
		for (const s of scores) expect(row.scores?.[s.scale_key]?.score).toBe(s.score);
		const text = JSON.stringify(rows);
		for (const { panelCode } of stored) expect(text).not.toContain(panelCode);
		expect(row).not.toHaveProperty('panelCode');
		const person = await t.db.selectFrom('responses').select('respondent_id').where('id', '=', row.id).executeTakeFirstOrThrow();
		expect(row.respondent).toBe(pseudonym(KEY, seeded.projectId, person.respondent_id));
		expect(text).not.toContain(person.respondent_id);
		// Another key, other pseudonyms: two listings cannot be joined unless the key is shared.
		const otherKey = (await page(query({ key: 'another-analysis-key' }))).data.find((r) => r.id === row.id);
		expect(otherKey?.respondent).not.toBe(row.respondent);
	});

	it('shows panel codes to an admin who asks, audited, and to nobody else', async () => {
		const audited = async () =>
			(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'api.responses_with_panel_codes').execute()).length;
		const withCodes = await page(query({ panel_codes: '1', limit: '500' }), 'admin');
		const row = withCodes.data.find((r) => r.id === stored[6]!.id);
		expect(row?.panelCode).toBe(stored[6]!.panelCode);
		expect(await audited()).toBe(1);
		for (const role of ['coordinator', 'evaluator'] as const) {
			const refused = await listApiResponses(t.db, { projectId: seeded.projectId, viewer: { id: 'x', role } }, query({ panel_codes: '1' }));
			expect(refused).toMatchObject({ ok: false, problem: { status: 403, code: 'panel_codes_forbidden', path: 'panel_codes' } });
		}
		expect(await audited()).toBe(1);
	});
});

describe('bad queries', () => {
	it.each([
		[{ limit: '0' }, 'limit'],
		[{ limit: '501' }, 'limit'],
		[{ limit: '2.5' }, 'limit'],
		[{ limit: 'ten' }, 'limit'],
		[{ updated_since: 'yesterday' }, 'updated_since'],
		[{ updated_since: '2026-01-01' }, 'updated_since'],
		[{ panel_codes: 'yes' }, 'panel_codes'],
		[{ key: 'too-short' }, 'key'],
		[{ key: 'not allowed: spaces and colons' }, 'key'],
		[{ cursor: 'not-a-cursor' }, 'cursor'],
		[{ cursor: Buffer.from('{"v":2}').toString('base64url') }, 'cursor']
	])('%j is refused, naming %s', (params, path) => {
		const parsed = parseResponseQuery(new URLSearchParams({ key: KEY, ...params }));
		expect(parsed).toMatchObject({ ok: false, problem: { status: 400, path } });
	});

	it('refuses a cursor with other filters than it was made with, and accepts the same or none', async () => {
		const first = await page(query({ wave: seeded.baselineWaveId, limit: '2' }));
		const cursor = first.nextCursor!;
		expect(parseResponseQuery(new URLSearchParams({ key: KEY, cursor, wave: followUpWaveId }))).toMatchObject({
			ok: false,
			problem: { code: 'invalid_cursor', path: 'wave' }
		});
		expect(parseResponseQuery(new URLSearchParams({ key: KEY, cursor, site: seeded.projectSiteId }))).toMatchObject({
			ok: false,
			problem: { code: 'invalid_cursor', path: 'site' }
		});
		const same = await page(query({ cursor, wave: seeded.baselineWaveId, limit: '2' }));
		const bare = await page(query({ cursor, limit: '2' }));
		expect(ids(same.data)).toEqual(ids(bare.data));
		expect(same.data.every((r) => r.waveId === seeded.baselineWaveId)).toBe(true);
		expect(same.asOf).toBe(first.asOf);
	});
});
