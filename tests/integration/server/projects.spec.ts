import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, getProjectBySlug, ProjectInputError, setProjectArchived, updateProject, type Project } from '$lib/server/projects';
import { createUser, type User } from '$lib/server/users';
import type { ProjectSettings } from '$lib/project-settings';
import { countRows, createTestDb, type TestDb } from '../../helpers/db';

let t: TestDb;
let admin: User;

beforeAll(async () => {
	t = await createTestDb();
	admin = await createUser(t.db, { email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', role: 'admin' });
});
afterAll(() => t.cleanup());

/** The audit rows of a project and action, with before/after parsed. */
async function auditOf(projectId: string, action: string) {
	const rows = await t.db.selectFrom('audit_log').selectAll().where('project_id', '=', projectId).where('action', '=', action).execute();
	return rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

async function rejection(promise: Promise<unknown>): Promise<ProjectInputError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ProjectInputError);
	return error as ProjectInputError;
}

const settings = (project: Project): ProjectSettings => ({
	name: project.name,
	description: project.description,
	languages: project.languages,
	idleWarningSeconds: project.idleWarningSeconds,
	idleResetSeconds: project.idleResetSeconds
});

describe('createProject', () => {
	it('stores the project with default kiosk timeouts and audits it with the acting user', async () => {
		const project = await createProject(
			t.db,
			{ slug: 'riverside', name: '  Riverside  ', languages: ['en', 'zh-Hans'] },
			{ userId: admin.id }
		);
		expect(project).toMatchObject({
			slug: 'riverside',
			name: 'Riverside',
			languages: ['zh-Hans', 'en'],
			idleWarningSeconds: 90,
			idleResetSeconds: 30,
			archived: false
		});
		const [entry] = await auditOf(project.id, 'project.create');
		expect(entry).toMatchObject({
			action: 'project.create',
			actor_user_id: admin.id,
			actor_label: null,
			entity_id: project.id,
			before: null
		});
		expect(entry?.after).toEqual({
			slug: 'riverside',
			name: 'Riverside',
			description: '',
			languages: ['zh-Hans', 'en'],
			idleWarningSeconds: 90,
			idleResetSeconds: 30
		});
	});

	it('names every invalid field at once and writes nothing', async () => {
		const [projectsBefore, auditBefore] = [await t.db.selectFrom('projects').select('id').execute(), await countRows(t.db, 'audit_log')];
		const error = await rejection(
			createProject(
				t.db,
				{ slug: 'Bad Slug!', name: ' ', description: 'x'.repeat(2001), languages: [], idleWarningSeconds: 29, idleResetSeconds: 19 },
				{ userId: admin.id }
			)
		);
		expect(error.errors).toEqual({
			slug: 'format',
			name: 'required',
			description: 'too_long',
			languages: 'required',
			idleWarningSeconds: 'range',
			idleResetSeconds: 'range'
		});
		expect(await t.db.selectFrom('projects').select('id').execute()).toEqual(projectsBefore);
		expect(await countRows(t.db, 'audit_log')).toBe(auditBefore);
	});

	it.each([
		['-leading', 'format'],
		['trailing-', 'format'],
		['a'.repeat(41), 'too_long'],
		['', 'required']
	])('refuses the slug %j (%s)', async (slug, code) => {
		const error = await rejection(createProject(t.db, { slug, name: 'X', languages: ['en'] }));
		expect(error.errors).toEqual({ slug: code });
	});

	it('refuses a slug already taken, a language no instrument speaks, and non-integer seconds', async () => {
		const error = await rejection(
			createProject(t.db, { slug: 'riverside', name: 'Again', languages: ['fr'], idleWarningSeconds: 90.5, idleResetSeconds: NaN })
		);
		expect(error.errors).toEqual({ slug: 'taken', languages: 'format', idleWarningSeconds: 'range', idleResetSeconds: 'range' });
	});

	it('accepts the boundaries of the kiosk timeouts (30–600 s warning, at least 20 s to respond)', async () => {
		const low = await createProject(t.db, { slug: 'low', name: 'Low', languages: ['en'], idleWarningSeconds: 30, idleResetSeconds: 20 });
		const high = await createProject(t.db, {
			slug: 'high',
			name: 'High',
			languages: ['en'],
			idleWarningSeconds: 600,
			idleResetSeconds: 600
		});
		expect([low.idleWarningSeconds, low.idleResetSeconds, high.idleWarningSeconds, high.idleResetSeconds]).toEqual([30, 20, 600, 600]);
		const error = await rejection(
			createProject(t.db, { slug: 'over', name: 'Over', languages: ['en'], idleWarningSeconds: 601, idleResetSeconds: 601 })
		);
		expect(error.errors).toEqual({ idleWarningSeconds: 'range', idleResetSeconds: 'range' });
	});
});

describe('updateProject', () => {
	it('saves the settings and audits only the changed fields, before and after', async () => {
		const project = (await getProjectBySlug(t.db, 'riverside')) as Project;
		const updated = await updateProject(
			t.db,
			project.id,
			{ ...settings(project), name: 'Riverside resettlement', languages: ['zh-Hans'], idleWarningSeconds: 120 },
			{ userId: admin.id }
		);
		expect(updated).toMatchObject({
			slug: 'riverside',
			name: 'Riverside resettlement',
			languages: ['zh-Hans'],
			idleWarningSeconds: 120,
			idleResetSeconds: 30
		});
		const [entry, ...more] = await auditOf(project.id, 'project.update');
		expect(more).toEqual([]);
		expect(entry).toMatchObject({ action: 'project.update', actor_user_id: admin.id, entity_type: 'project', entity_id: project.id });
		expect(entry?.before).toEqual({ name: 'Riverside', languages: ['zh-Hans', 'en'], idleWarningSeconds: 90 });
		expect(entry?.after).toEqual({ name: 'Riverside resettlement', languages: ['zh-Hans'], idleWarningSeconds: 120 });
	});

	it('writes nothing when nothing changed', async () => {
		const project = (await getProjectBySlug(t.db, 'riverside')) as Project;
		const auditBefore = await countRows(t.db, 'audit_log');
		await updateProject(t.db, project.id, settings(project), { userId: admin.id });
		expect(await countRows(t.db, 'audit_log')).toBe(auditBefore);
	});

	it('refuses invalid settings and leaves the project as it was', async () => {
		const project = (await getProjectBySlug(t.db, 'riverside')) as Project;
		const auditBefore = await countRows(t.db, 'audit_log');
		const error = await rejection(
			updateProject(t.db, project.id, { ...settings(project), name: '', languages: [], idleResetSeconds: 10 }, { userId: admin.id })
		);
		expect(error.errors).toEqual({ name: 'required', languages: 'required', idleResetSeconds: 'range' });
		expect(await getProjectBySlug(t.db, 'riverside')).toEqual(project);
		expect(await countRows(t.db, 'audit_log')).toBe(auditBefore);
	});

	it('rolls the change back when its audit row cannot be written (same transaction)', async () => {
		const project = (await getProjectBySlug(t.db, 'riverside')) as Project;
		// An actor id that is no user breaks the audit row's foreign key, after the update ran.
		await expect(
			updateProject(t.db, project.id, { ...settings(project), name: 'Never saved' }, { userId: 'no-such-user' })
		).rejects.toThrow();
		expect((await getProjectBySlug(t.db, 'riverside'))?.name).toBe(project.name);
	});
});

describe('setProjectArchived', () => {
	it('archives and restores, auditing each change once', async () => {
		const project = (await getProjectBySlug(t.db, 'low')) as Project;
		expect((await setProjectArchived(t.db, project.id, true, { userId: admin.id })).archived).toBe(true);
		expect((await setProjectArchived(t.db, project.id, true, { userId: admin.id })).archived).toBe(true);
		expect((await setProjectArchived(t.db, project.id, false, { userId: admin.id })).archived).toBe(false);
		const changes = [...(await auditOf(project.id, 'project.archive')), ...(await auditOf(project.id, 'project.unarchive'))];
		expect(changes.map((e) => [e.action, e.actor_user_id, e.before, e.after])).toEqual([
			['project.archive', admin.id, { archived: false }, { archived: true }],
			['project.unarchive', admin.id, { archived: true }, { archived: false }]
		]);
	});

	it('rolls back the archiving when its audit row cannot be written', async () => {
		const project = (await getProjectBySlug(t.db, 'high')) as Project;
		await expect(setProjectArchived(t.db, project.id, true, { userId: 'no-such-user' })).rejects.toThrow();
		expect((await getProjectBySlug(t.db, 'high'))?.archived).toBe(false);
	});
});
