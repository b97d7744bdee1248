import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { createProject } from '$lib/server/projects';
import { getSite, listSites, parseSiteFields, saveSite, type SiteFields } from '$lib/server/sites';
import { createTestDb, type TestDb } from '../../helpers/db';
import { createCoordinator } from '../../helpers/submissions';

let testDb: TestDb;
let db: Db;
let projectId: string;
let otherProjectId: string;
let actor: { userId: string };

const fields = (overrides: Partial<SiteFields> = {}): SiteFields => ({
	name: 'Xingfu Lane',
	arm: 'project',
	targetPerWave: '120',
	region: 'East district',
	...overrides
});

async function auditRows(entityId: string) {
	return db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).execute();
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	projectId = (await createProject(db, { slug: 'sites', name: 'Sites', languages: ['zh-Hans', 'en'] })).id;
	otherProjectId = (await createProject(db, { slug: 'sites-other', name: 'Other', languages: ['zh-Hans'] })).id;
	actor = { userId: (await createCoordinator(db)).id };
});
afterAll(() => testDb.cleanup());

describe('parseSiteFields', () => {
	it('accepts a valid form, tidying white space and an empty region', () => {
		expect(parseSiteFields(fields({ name: '  Xingfu   Lane ', region: '  ', targetPerWave: ' 0 ' }))).toEqual({
			changes: { name: 'Xingfu Lane', arm: 'project', targetPerWave: 0, region: null },
			errors: {}
		});
	});

	it('names every invalid field', () => {
		expect(parseSiteFields({ name: ' ', arm: '', targetPerWave: '', region: 'r'.repeat(81) }).errors).toEqual({
			name: 'required',
			arm: 'required',
			targetPerWave: 'required',
			region: 'too_long'
		});
		expect(parseSiteFields(fields({ name: 'n'.repeat(81), arm: 'treatment' })).errors).toEqual({ name: 'too_long', arm: 'invalid' });
	});

	it.each(['-1', '1.5', '12abc', '1e3', '100001'])('refuses the target %s', (target) => {
		expect(parseSiteFields(fields({ targetPerWave: target })).errors).toEqual({ targetPerWave: 'invalid' });
	});
});

describe('saveSite', () => {
	it('creates a site and audits it as the acting user', async () => {
		const result = await saveSite(db, { projectId }, fields(), actor);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.site).toMatchObject({ projectId, name: 'Xingfu Lane', arm: 'project', targetPerWave: 120, region: 'East district' });
		const audit = await auditRows(result.site.id);
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'site.create', actor_user_id: actor.userId, project_id: projectId });
	});

	it('refuses a name already used in the project, but not in another project', async () => {
		await saveSite(db, { projectId }, fields({ name: 'Hexie' }), actor);
		const before = (await listSites(db, projectId)).length;
		expect(await saveSite(db, { projectId }, fields({ name: ' Hexie ' }), actor)).toEqual({ ok: false, errors: { name: 'taken' } });
		expect(await listSites(db, projectId)).toHaveLength(before);
		expect((await saveSite(db, { projectId: otherProjectId }, fields({ name: 'Hexie' }), actor)).ok).toBe(true);
	});

	it('writes nothing when a field is invalid', async () => {
		const auditBefore = await db.selectFrom('audit_log').select('id').execute();
		const result = await saveSite(db, { projectId }, fields({ name: 'New', arm: '', targetPerWave: '-3' }), actor);
		expect(result).toEqual({ ok: false, errors: { arm: 'required', targetPerWave: 'invalid' } });
		expect(await db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
	});

	it('updates a site, auditing before and after in the same change', async () => {
		const created = await saveSite(db, { projectId }, fields({ name: 'Anle' }), actor);
		if (!created.ok) throw new Error('setup');
		const id = created.site.id;
		const updated = await saveSite(
			db,
			{ projectId, siteId: id },
			fields({ name: 'Anle Garden', arm: 'comparison', targetPerWave: '80', region: '' }),
			actor
		);
		expect(updated).toEqual({
			ok: true,
			site: { id, projectId, name: 'Anle Garden', arm: 'comparison', targetPerWave: 80, region: null }
		});
		expect(await getSite(db, projectId, id)).toMatchObject({ name: 'Anle Garden', arm: 'comparison', targetPerWave: 80, region: null });
		const audit = await auditRows(id);
		expect(audit.map((a) => a.action).sort()).toEqual(['site.create', 'site.update']);
		const update = audit.find((a) => a.action === 'site.update')!;
		expect(JSON.parse(update.before!)).toEqual({ name: 'Anle', arm: 'project', targetPerWave: 120, region: 'East district' });
		expect(JSON.parse(update.after!)).toEqual({ name: 'Anle Garden', arm: 'comparison', targetPerWave: 80, region: null });
		expect(update.actor_user_id).toBe(actor.userId);
	});

	it('keeps its own name when updated, refuses another site’s, and audits nothing when nothing changed', async () => {
		const a = await saveSite(db, { projectId }, fields({ name: 'Site A' }), actor);
		await saveSite(db, { projectId }, fields({ name: 'Site B' }), actor);
		if (!a.ok) throw new Error('setup');
		expect((await saveSite(db, { projectId, siteId: a.site.id }, fields({ name: 'Site A' }), actor)).ok).toBe(true);
		expect(await auditRows(a.site.id)).toHaveLength(1);
		expect(await saveSite(db, { projectId, siteId: a.site.id }, fields({ name: 'Site B' }), actor)).toEqual({
			ok: false,
			errors: { name: 'taken' }
		});
	});

	it('does not update a site of another project', async () => {
		const foreign = await saveSite(db, { projectId: otherProjectId }, fields({ name: 'Foreign' }), actor);
		if (!foreign.ok) throw new Error('setup');
		expect(await saveSite(db, { projectId, siteId: foreign.site.id }, fields({ name: 'Taken over' }), actor)).toEqual({
			ok: false,
			notFound: true
		});
		expect(await getSite(db, otherProjectId, foreign.site.id)).toMatchObject({ name: 'Foreign' });
	});
});
