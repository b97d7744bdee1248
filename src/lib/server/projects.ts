/** Projects: a survey programme run by one organization across sites and waves. */
import type { Kysely } from 'kysely';
import type { Database, ProjectRow } from './db/schema';
import { recordAudit } from './audit';
import { newId, nowIso } from './ids';

export interface Project {
	id: string;
	slug: string;
	name: string;
	description: string;
	languages: string[];
	idleWarningSeconds: number;
	idleResetSeconds: number;
	dataVersion: number;
	archived: boolean;
	createdAt: string;
}

export function projectRowToProject(row: ProjectRow): Project {
	return {
		id: row.id,
		slug: row.slug,
		name: row.name,
		description: row.description,
		languages: JSON.parse(row.languages) as string[],
		idleWarningSeconds: row.idle_warning_seconds,
		idleResetSeconds: row.idle_reset_seconds,
		dataVersion: row.data_version,
		archived: row.archived_at !== null,
		createdAt: row.created_at
	};
}

export interface NewProject {
	slug: string;
	name: string;
	description?: string;
	languages: string[];
}

export async function createProject(db: Kysely<Database>, input: NewProject, actorLabel = 'system'): Promise<Project> {
	const now = nowIso();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('projects')
			.values({
				id: newId(),
				slug: input.slug,
				name: input.name,
				description: input.description ?? '',
				languages: JSON.stringify(input.languages),
				archived_at: null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorLabel,
			action: 'project.create',
			entityType: 'project',
			entityId: row.id,
			projectId: row.id,
			after: input
		});
		return projectRowToProject(row);
	});
}

export async function getProjectBySlug(db: Kysely<Database>, slug: string): Promise<Project | undefined> {
	const row = await db.selectFrom('projects').selectAll().where('slug', '=', slug).executeTakeFirst();
	return row && projectRowToProject(row);
}

export async function getProjectById(db: Kysely<Database>, id: string): Promise<Project | undefined> {
	const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
	return row && projectRowToProject(row);
}

export async function listProjects(db: Kysely<Database>): Promise<Project[]> {
	const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').execute();
	return rows.map(projectRowToProject);
}

/** Marks the project's analysable data as changed; every write to responses, answers or scores calls it. */
export async function bumpDataVersion(db: Kysely<Database>, projectId: string): Promise<void> {
	await db
		.updateTable('projects')
		.set((eb) => ({ data_version: eb('data_version', '+', 1) }))
		.where('id', '=', projectId)
		.execute();
}
