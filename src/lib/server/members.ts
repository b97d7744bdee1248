/** Project membership: coordinators and evaluators see only the projects they belong to. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { recordAudit } from './audit';
import { projectRowToProject, type Project } from './projects';
import { userRowToUser, type User } from './users';

export async function isMember(db: Kysely<Database>, projectId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('project_members')
		.select('user_id')
		.where('project_id', '=', projectId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Projects a user may open: all for admins, their memberships for others. */
export async function listProjectsForUser(db: Kysely<Database>, user: Pick<User, 'id' | 'role'>): Promise<Project[]> {
	let query = db.selectFrom('projects').selectAll('projects').orderBy('projects.created_at');
	if (user.role !== 'admin') {
		query = query.innerJoin('project_members', 'project_members.project_id', 'projects.id').where('project_members.user_id', '=', user.id);
	}
	return (await query.execute()).map(projectRowToProject);
}

/** The project's members (coordinators and evaluators), by name. */
export async function listMembers(db: Kysely<Database>, projectId: string): Promise<User[]> {
	const rows = await db
		.selectFrom('users')
		.innerJoin('project_members', 'project_members.user_id', 'users.id')
		.selectAll('users')
		.where('project_members.project_id', '=', projectId)
		.orderBy('users.name')
		.execute();
	return rows.map(userRowToUser);
}

/** Users who could join the project: enabled coordinators and evaluators not yet members (admins need no membership). */
export async function listMemberCandidates(db: Kysely<Database>, projectId: string): Promise<User[]> {
	const rows = await db
		.selectFrom('users')
		.selectAll()
		.where('role', 'in', ['coordinator', 'evaluator'])
		.where('disabled_at', 'is', null)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('project_members').select('user_id').where('project_id', '=', projectId).whereRef('user_id', '=', 'users.id')))
		)
		.orderBy('name')
		.execute();
	return rows.map(userRowToUser);
}

/**
 * Makes a coordinator or evaluator a member of the project, audited. Admins see every project
 * without membership, so they are not eligible; adding an existing member changes nothing.
 */
export async function addMember(
	db: Kysely<Database>,
	projectId: string,
	userId: string,
	actorUserId: string | null
): Promise<'ok' | 'not-eligible'> {
	return db.transaction().execute(async (trx) => {
		const user = await trx.selectFrom('users').select(['email', 'role']).where('id', '=', userId).executeTakeFirst();
		if (!user || user.role === 'admin') return 'not-eligible';
		if (await isMember(trx, projectId, userId)) return 'ok';
		await trx.insertInto('project_members').values({ project_id: projectId, user_id: userId }).execute();
		await recordAudit(trx, {
			actorUserId,
			actorLabel: actorUserId ? null : 'cli',
			action: 'member.add',
			entityType: 'user',
			entityId: userId,
			projectId,
			after: { email: user.email, role: user.role }
		});
		return 'ok';
	});
}

/** Ends a membership, audited; removing a non-member changes nothing. */
export async function removeMember(db: Kysely<Database>, projectId: string, userId: string, actorUserId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const user = await trx
			.selectFrom('users')
			.innerJoin('project_members', 'project_members.user_id', 'users.id')
			.select(['users.email', 'users.role'])
			.where('project_members.project_id', '=', projectId)
			.where('users.id', '=', userId)
			.executeTakeFirst();
		if (!user) return;
		await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
		await recordAudit(trx, {
			actorUserId,
			action: 'member.remove',
			entityType: 'user',
			entityId: userId,
			projectId,
			before: { email: user.email, role: user.role }
		});
	});
}
