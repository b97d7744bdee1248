/** Projects: a survey programme run by one organization across sites and waves. */
import type { Kysely } from 'kysely';
import {
	checkSlug,
	IDLE_RESET,
	IDLE_WARNING,
	orderLanguages,
	validateProjectSettings,
	type ProjectErrors,
	type ProjectSettings
} from '../project-settings';
import type { Database, ProjectRow } from './db/schema';
import { actorFields, recordAudit, type Actor } from './audit';
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

export class ProjectInputError extends Error {
	constructor(readonly errors: ProjectErrors) {
		super(
			`invalid project: ${Object.entries(errors)
				.map(([field, code]) => `${field} ${code}`)
				.join(', ')}`
		);
	}
}

export interface NewProject {
	slug: string;
	name: string;
	description?: string;
	languages: string[];
	idleWarningSeconds?: number;
	idleResetSeconds?: number;
}

function settingsOf(project: Project): ProjectSettings {
	const { name, description, languages, idleWarningSeconds, idleResetSeconds } = project;
	return { name, description, languages, idleWarningSeconds, idleResetSeconds };
}

/** Creates a project, or throws ProjectInputError naming every invalid field (nothing is written then). */
export async function createProject(db: Kysely<Database>, input: NewProject, actor: Actor = 'system'): Promise<Project> {
	const settings: ProjectSettings = {
		name: input.name.trim(),
		description: (input.description ?? '').trim(),
		languages: input.languages,
		idleWarningSeconds: input.idleWarningSeconds ?? IDLE_WARNING.default,
		idleResetSeconds: input.idleResetSeconds ?? IDLE_RESET.default
	};
	return db.transaction().execute(async (trx) => {
		const errors = validateProjectSettings(settings);
		const slugProblem = checkSlug(input.slug);
		if (slugProblem) errors.slug = slugProblem;
		else if (await trx.selectFrom('projects').select('id').where('slug', '=', input.slug).executeTakeFirst()) errors.slug = 'taken';
		if (Object.keys(errors).length > 0) throw new ProjectInputError(errors);
		const now = nowIso();
		const row = await trx
			.insertInto('projects')
			.values({
				id: newId(),
				slug: input.slug,
				name: settings.name,
				description: settings.description,
				languages: JSON.stringify(orderLanguages(settings.languages)),
				idle_warning_seconds: settings.idleWarningSeconds,
				idle_reset_seconds: settings.idleResetSeconds,
				archived_at: null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		const project = projectRowToProject(row);
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'project.create',
			entityType: 'project',
			entityId: project.id,
			projectId: project.id,
			after: { slug: project.slug, ...settingsOf(project) }
		});
		return project;
	});
}

/**
 * Changes a project's settings; the audit row holds the changed fields before and after. Throws
 * ProjectInputError on invalid settings (nothing is written then); an unchanged form writes nothing.
 */
export async function updateProject(db: Kysely<Database>, projectId: string, settings: ProjectSettings, actor: Actor): Promise<Project> {
	const next: ProjectSettings = { ...settings, name: settings.name.trim(), description: settings.description.trim() };
	const errors = validateProjectSettings(next);
	if (Object.keys(errors).length > 0) throw new ProjectInputError(errors);
	next.languages = orderLanguages(next.languages);
	return db.transaction().execute(async (trx) => {
		const current = projectRowToProject(await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow());
		const previous = settingsOf(current);
		const changed = (Object.keys(next) as (keyof ProjectSettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(previous[k]));
		if (changed.length === 0) return current;
		const row = await trx
			.updateTable('projects')
			.set({
				name: next.name,
				description: next.description,
				languages: JSON.stringify(next.languages),
				idle_warning_seconds: next.idleWarningSeconds,
				idle_reset_seconds: next.idleResetSeconds,
				updated_at: nowIso()
			})
			.where('id', '=', projectId)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'project.update',
			entityType: 'project',
			entityId: projectId,
			projectId,
			before: Object.fromEntries(changed.map((k) => [k, previous[k]])),
			after: Object.fromEntries(changed.map((k) => [k, next[k]]))
		});
		return projectRowToProject(row);
	});
}

/** Archives a project (kept, read-only in spirit, listed apart) or brings it back; audited, idempotent. */
export async function setProjectArchived(db: Kysely<Database>, projectId: string, archived: boolean, actor: Actor): Promise<Project> {
	return db.transaction().execute(async (trx) => {
		const current = projectRowToProject(await trx.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow());
		if (current.archived === archived) return current;
		const now = nowIso();
		const row = await trx
			.updateTable('projects')
			.set({ archived_at: archived ? now : null, updated_at: now })
			.where('id', '=', projectId)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...actorFields(actor),
			action: archived ? 'project.archive' : 'project.unarchive',
			entityType: 'project',
			entityId: projectId,
			projectId,
			before: { archived: current.archived },
			after: { archived }
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
