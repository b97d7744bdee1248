import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, isMember, listMemberCandidates, listMembers, listProjectsForUser, removeMember } from '$lib/server/members';
import { createProject, type Project } from '$lib/server/projects';
import { createUser, setUserDisabled, type User } from '$lib/server/users';
import { countRows, createTestDb, type TestDb } from '../../helpers/db';

let t: TestDb;
let admin: User, coordinator: User, evaluator: User, retired: User;
let project: Project, other: Project;

const password = 'correct horse battery';

beforeAll(async () => {
	t = await createTestDb();
	admin = await createUser(t.db, { email: 'admin@example.org', name: 'Admin', password, role: 'admin' });
	coordinator = await createUser(t.db, { email: 'coord@example.org', name: 'Chen Coordinator', password, role: 'coordinator' });
	evaluator = await createUser(t.db, { email: 'eval@example.org', name: 'Eva Evaluator', password, role: 'evaluator' });
	retired = await createUser(t.db, { email: 'gone@example.org', name: 'Gone', password, role: 'coordinator' });
	await setUserDisabled(t.db, retired.id, true, 'system');
	project = await createProject(t.db, { slug: 'members', name: 'Members', languages: ['zh-Hans'] });
	other = await createProject(t.db, { slug: 'other', name: 'Other', languages: ['zh-Hans'] });
});
afterAll(() => t.cleanup());

/** The one audit row of an action (each action happens once in this file). */
async function auditRow(action: string) {
	const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', action).executeTakeFirstOrThrow();
	return { ...row, before: row.before && JSON.parse(row.before), after: row.after && JSON.parse(row.after) };
}

describe('project membership', () => {
	it('offers enabled coordinators and evaluators who are not yet members', async () => {
		expect((await listMemberCandidates(t.db, project.id)).map((u) => u.email)).toEqual(['coord@example.org', 'eval@example.org']);
	});

	it('adds a member with an audit row naming the actor and the member', async () => {
		expect(await addMember(t.db, project.id, coordinator.id, admin.id)).toBe('ok');
		expect(await isMember(t.db, project.id, coordinator.id)).toBe(true);
		expect(await auditRow('member.add')).toMatchObject({
			actor_user_id: admin.id,
			entity_id: coordinator.id,
			project_id: project.id,
			after: { email: 'coord@example.org', role: 'coordinator' }
		});
		expect((await listMembers(t.db, project.id)).map((u) => u.id)).toEqual([coordinator.id]);
		expect((await listMemberCandidates(t.db, project.id)).map((u) => u.id)).toEqual([evaluator.id]);
	});

	it('adding an existing member changes nothing; an admin or unknown user is not eligible', async () => {
		const before = await countRows(t.db, 'audit_log');
		expect(await addMember(t.db, project.id, coordinator.id, admin.id)).toBe('ok');
		expect(await addMember(t.db, project.id, admin.id, admin.id)).toBe('not-eligible');
		expect(await addMember(t.db, project.id, 'nobody', admin.id)).toBe('not-eligible');
		expect(await countRows(t.db, 'audit_log')).toBe(before);
	});

	it('scopes the project list: members see their projects, admins see all', async () => {
		expect((await listProjectsForUser(t.db, coordinator)).map((p) => p.slug)).toEqual(['members']);
		expect(await listProjectsForUser(t.db, evaluator)).toEqual([]);
		expect((await listProjectsForUser(t.db, admin)).map((p) => p.slug)).toEqual(['members', 'other']);
	});

	it('removes a member with the before state in the audit row', async () => {
		await removeMember(t.db, project.id, coordinator.id, admin.id);
		expect(await isMember(t.db, project.id, coordinator.id)).toBe(false);
		expect(await auditRow('member.remove')).toMatchObject({
			actor_user_id: admin.id,
			entity_id: coordinator.id,
			before: { email: 'coord@example.org', role: 'coordinator' },
			after: null
		});
		const before = await countRows(t.db, 'audit_log');
		await removeMember(t.db, other.id, coordinator.id, admin.id);
		expect(await countRows(t.db, 'audit_log')).toBe(before);
	});
});
