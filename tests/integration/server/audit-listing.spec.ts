import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { listAuditEntries, listAuditFacets, parseAuditFilter, recordAudit } from '$lib/server/audit';
import { createUser } from '$lib/server/users';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';

let testDb: TestDb;
let db: Db;
let seeded: SeededProject;
let other: SeededProject;
let userId: string;

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'audit');
	other = await seedProject(db, library, 'audit-other');
	userId = (
		await createUser(db, { email: 'co@example.org', name: 'Coordinator Chen', password: 'a long enough password', role: 'coordinator' })
	).id;
	for (let i = 0; i < 55; i++) {
		await recordAudit(db, {
			actorUserId: userId,
			action: 'response.exclude',
			entityType: 'response',
			entityId: `r${i}`,
			projectId: seeded.projectId,
			before: { excluded: false },
			after: { excluded: true },
			reason: `duplicate ${i}`
		});
	}
	await recordAudit(db, {
		actorLabel: 'cli',
		action: 'kiosk.create',
		entityType: 'kiosk',
		entityId: 'k1',
		projectId: other.projectId,
		after: { name: 'x' }
	});
});

afterAll(async () => {
	await testDb.cleanup();
});

describe('listAuditEntries', () => {
	it('shows one project’s rows 50 a page, newest first, with names and parsed before/after', async () => {
		const page = await listAuditEntries(db, { projectId: seeded.projectId });
		// 55 exclusions + project, two sites and the wave created by seedProject.
		expect(page.total).toBe(59);
		expect(page.rows).toHaveLength(50);
		expect(page.pageCount).toBe(2);
		const ats = page.rows.map((r) => r.at);
		expect(ats).toEqual([...ats].sort().reverse());
		const exclusion = page.rows.find((r) => r.entityId === 'r54');
		expect(exclusion).toMatchObject({
			actorName: 'Coordinator Chen',
			actorUserId: userId,
			projectSlug: 'audit',
			before: { excluded: false },
			after: { excluded: true },
			reason: 'duplicate 54'
		});
		expect((await listAuditEntries(db, { projectId: seeded.projectId, page: 2 })).rows).toHaveLength(9);
	});

	it('filters by action, entity type, actor and days (inclusive)', async () => {
		const total = async (filter: Parameters<typeof listAuditEntries>[1]) => (await listAuditEntries(db, filter)).total;
		expect(await total({ projectId: seeded.projectId, action: 'site.create' })).toBe(2);
		expect(await total({ entityType: 'kiosk' })).toBe(1);
		expect(await total({ actor: `user:${userId}` })).toBe(55);
		expect(await total({ actor: 'label:cli' })).toBe(1);
		expect(await total({ projectId: seeded.projectId, actor: 'label:cli' })).toBe(0);
		const today = new Date().toISOString().slice(0, 10);
		expect(await total({ projectId: seeded.projectId, from: today, to: today })).toBe(59);
		expect(await total({ projectId: seeded.projectId, from: '2999-01-01' })).toBe(0);
		expect(await total({ projectId: seeded.projectId, to: '2000-01-01' })).toBe(0);
	});

	it('lists every row, project-less ones too, for admins', async () => {
		const all = await listAuditEntries(db, {});
		expect(all.total).toBeGreaterThan(59 + 5);
		const library = await listAuditEntries(db, { entityType: 'instrument_version' });
		expect(library.total).toBeGreaterThan(0);
		expect(library.rows.every((r) => r.projectId === null && r.projectSlug === null && r.actorLabel === 'system')).toBe(true);
	});

	it('parses the query string, ignoring values it does not know', () => {
		expect(parseAuditFilter(new URLSearchParams('action=a&entity=response&actor=bob&from=2026-13-01&to=2026-03-01&page=x'))).toEqual({
			action: 'a',
			entityType: 'response',
			actor: undefined,
			from: undefined,
			to: '2026-03-01',
			page: 1
		});
	});
});

describe('listAuditFacets', () => {
	it('offers the actions, entity types and actors there are', async () => {
		const facets = await listAuditFacets(db, seeded.projectId);
		expect(facets.actions).toEqual(['project.create', 'response.exclude', 'site.create', 'wave.create']);
		expect(facets.entityTypes).toEqual(['project', 'response', 'site', 'wave']);
		expect(facets.actors).toEqual([
			{ value: `user:${userId}`, name: 'Coordinator Chen' },
			{ value: 'label:system', name: 'system' }
		]);
		expect((await listAuditFacets(db)).actors.map((a) => a.value)).toContain('label:cli');
	});
});
