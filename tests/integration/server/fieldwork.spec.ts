import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { defaultWave, getFieldwork, isWaveOpen } from '$lib/server/fieldwork';
import { createKiosk } from '$lib/server/kiosks';
import { createUser } from '$lib/server/users';
import { createWave } from '$lib/server/waves';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { newPanelCode, recordVisit } from '../../helpers/visits';

let testDb: TestDb;
let db: Db;
let seeded: SeededProject;
let followUpId: string;
let kioskId: string;
let interviewerId: string;
let allVersions: string[];
let twoVersions: string[];

async function respondentId(code: string): Promise<string> {
	return (await db.selectFrom('respondents').select('id').where('panel_code', '=', code).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'fieldwork');
	allVersions = library.map((l) => l.hash);
	twoVersions = [seeded.versionIds['community-identity']!, seeded.versionIds['community-participation']!];
	followUpId = (
		await createWave(db, { projectId: seeded.projectId, name: 'Follow-up', kind: 'follow-up', order: 2, instrumentVersionIds: twoVersions })
	).id;
	kioskId = (await createKiosk(db, { projectId: seeded.projectId, siteId: seeded.projectSiteId, name: 'Hall tablet' })).kiosk.id;
	interviewerId = (
		await createUser(db, { email: 'li@example.org', name: 'Li Wei', password: 'a long enough password', role: 'coordinator' })
	).id;

	const [r1, r2, r3, r4, r5, r6, r7] = Array.from({ length: 7 }, newPanelCode) as string[];
	const base = { waveId: seeded.baselineWaveId, versionIds: allVersions };
	// Baseline. Project site: r1 complete, r2 two instruments only (partial), r4 complete but one response excluded (partial).
	await recordVisit(db, { ...base, panelCode: r1!, siteId: seeded.projectSiteId, startedAt: '2026-03-01T02:00:00.000Z' });
	await recordVisit(db, {
		...base,
		panelCode: r2!,
		siteId: seeded.projectSiteId,
		versionIds: allVersions.slice(0, 2),
		startedAt: '2026-03-01T03:00:00.000Z'
	});
	const r4Ids = await recordVisit(db, { ...base, panelCode: r4!, siteId: seeded.projectSiteId, startedAt: '2026-03-03T02:00:00.000Z' });
	await db.updateTable('responses').set({ excluded: 1, excluded_reason: 'test' }).where('id', '=', r4Ids[0]!).execute();
	// Comparison site: r3 with one partial response (partial visit); r5 complete but withdrawn (not counted).
	await recordVisit(db, {
		...base,
		panelCode: r3!,
		siteId: seeded.comparisonSiteId,
		statuses: allVersions.map((_, i) => (i === 0 ? 'partial' : 'complete')),
		startedAt: '2026-03-03T05:00:00.000Z'
	});
	await recordVisit(db, { ...base, panelCode: r5!, siteId: seeded.comparisonSiteId });
	await db
		.updateTable('respondents')
		.set({ withdrawn_at: '2026-03-04T00:00:00.000Z', withdrawal_reason: 'test' })
		.where('id', '=', await respondentId(r5!))
		.execute();

	// Follow-up: r1 on the kiosk; r6 new, with an interviewer; r7 is r2 under another code (merged); r3 partial.
	const follow = { waveId: followUpId, versionIds: twoVersions };
	await recordVisit(db, { ...follow, panelCode: r1!, siteId: seeded.projectSiteId, kioskId, startedAt: '2026-06-01T02:00:00.000Z' });
	await recordVisit(db, {
		...follow,
		panelCode: r6!,
		siteId: seeded.projectSiteId,
		mode: 'interviewer',
		interviewerId,
		startedAt: '2026-06-02T02:00:00.000Z'
	});
	await recordVisit(db, {
		...follow,
		panelCode: r7!,
		siteId: seeded.projectSiteId,
		mode: 'interviewer',
		startedAt: '2026-06-02T09:00:00.000Z'
	});
	await db
		.updateTable('respondents')
		.set({ merged_into_id: await respondentId(r2!) })
		.where('id', '=', await respondentId(r7!))
		.execute();
	await recordVisit(db, {
		...follow,
		panelCode: r3!,
		siteId: seeded.comparisonSiteId,
		status: 'partial',
		startedAt: '2026-06-02T03:00:00.000Z'
	});
});

afterAll(async () => {
	await testDb.cleanup();
});

describe('getFieldwork', () => {
	it('counts each visit once per site, complete only when every instrument of the wave is complete', async () => {
		const fieldwork = await getFieldwork(db, seeded.projectId, seeded.baselineWaveId);
		expect(fieldwork.wave?.id).toBe(seeded.baselineWaveId);
		expect(fieldwork.instrumentsInWave).toBe(allVersions.length);
		const bySite = Object.fromEntries(fieldwork.sites.map((s) => [s.name, [s.completes, s.partials, s.target]]));
		expect(bySite).toEqual({ 'Project site': [1, 2, 100], 'Comparison site': [0, 1, 100] });
		// The baseline has no panel to follow up.
		expect(fieldwork.sites.every((s) => s.panel === undefined)).toBe(true);
	});

	it('counts visits per UTC day and site', async () => {
		const fieldwork = await getFieldwork(db, seeded.projectId, seeded.baselineWaveId);
		expect(fieldwork.perDay).toEqual(
			[
				{ day: '2026-03-01', siteId: seeded.projectSiteId, visits: 2 },
				{ day: '2026-03-03', siteId: seeded.projectSiteId, visits: 1 },
				{ day: '2026-03-03', siteId: seeded.comparisonSiteId, visits: 1 }
			].sort((a, b) => a.day.localeCompare(b.day) || a.siteId.localeCompare(b.siteId))
		);
	});

	it('follows baseline respondents up per site, a merged code counting as its person', async () => {
		const fieldwork = await getFieldwork(db, seeded.projectId, followUpId);
		const bySite = Object.fromEntries(
			fieldwork.sites.map((s) => [s.name, { completes: s.completes, partials: s.partials, panel: s.panel }])
		);
		expect(bySite).toEqual({
			'Project site': { completes: 3, partials: 0, panel: { baseline: 3, reached: 2 } },
			'Comparison site': { completes: 0, partials: 1, panel: { baseline: 1, reached: 1 } }
		});
	});

	it('lists kiosks with their responses in the wave and interviewers by name', async () => {
		const fieldwork = await getFieldwork(db, seeded.projectId, followUpId);
		expect(fieldwork.kiosks).toEqual([
			{ id: kioskId, name: 'Hall tablet', siteName: 'Project site', enrolled: false, revoked: false, lastSeenAt: null, responses: 2 }
		]);
		expect(fieldwork.interviewers).toEqual([
			{ userId: interviewerId, name: 'Li Wei', visits: 1, responses: 2 },
			{ userId: null, name: null, visits: 1, responses: 2 }
		]);
		const baseline = await getFieldwork(db, seeded.projectId, seeded.baselineWaveId);
		expect(baseline.kiosks[0]?.responses).toBe(0);
		expect(baseline.interviewers).toEqual([]);
	});

	it('shows the latest open wave by default, else the last one', async () => {
		const fieldwork = await getFieldwork(db, seeded.projectId, null);
		expect(fieldwork.wave?.id).toBe(followUpId);
		expect(fieldwork.waves.map((w) => w.id)).toEqual([seeded.baselineWaveId, followUpId]);
	});
});

describe('wave choice', () => {
	const wave = (id: string, opensOn: string | null, closesOn: string | null) => ({
		id,
		projectId: 'p',
		name: id,
		kind: 'follow-up' as const,
		order: 1,
		opensOn,
		closesOn,
		open: isWaveOpen({ opensOn, closesOn }, '2026-06-15')
	});

	it('treats the opening and closing days as open', () => {
		expect(isWaveOpen({ opensOn: '2026-06-15', closesOn: '2026-06-15' }, '2026-06-15')).toBe(true);
		expect(isWaveOpen({ opensOn: '2026-06-16', closesOn: null }, '2026-06-15')).toBe(false);
		expect(isWaveOpen({ opensOn: null, closesOn: '2026-06-14' }, '2026-06-15')).toBe(false);
	});

	it('prefers the latest open wave over a later one not yet open', () => {
		expect(defaultWave([wave('a', '2026-01-01', '2026-02-01'), wave('b', '2026-06-01', null), wave('c', '2026-09-01', null)])?.id).toBe(
			'b'
		);
		expect(defaultWave([wave('a', '2026-01-01', '2026-02-01'), wave('c', '2026-09-01', null)])?.id).toBe('c');
		expect(defaultWave([])).toBeUndefined();
	});
});
