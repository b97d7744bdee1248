/** Sites: the communities of a project, each in the project or the comparison arm. */
import type { Kysely } from 'kysely';
import type { Arm, Database, SiteRow } from './db/schema';
import { actorFields, recordAudit, type Actor } from './audit';
import { newId, nowIso } from './ids';

export interface Site {
	id: string;
	projectId: string;
	name: string;
	arm: Arm;
	targetPerWave: number;
	region: string | null;
}

export function siteRowToSite(row: SiteRow): Site {
	return { id: row.id, projectId: row.project_id, name: row.name, arm: row.arm, targetPerWave: row.target_per_wave, region: row.region };
}

export interface NewSite {
	projectId: string;
	name: string;
	arm: Arm;
	targetPerWave: number;
	region?: string | null;
}

export async function createSite(db: Kysely<Database>, input: NewSite, actor: Actor = 'system'): Promise<Site> {
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('sites')
			.values({
				id: newId(),
				project_id: input.projectId,
				name: input.name,
				arm: input.arm,
				target_per_wave: input.targetPerWave,
				region: input.region ?? null,
				created_at: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'site.create',
			entityType: 'site',
			entityId: row.id,
			projectId: row.project_id,
			after: input
		});
		return siteRowToSite(row);
	});
}

export type SiteChanges = Omit<NewSite, 'projectId'>;

/** Changes a site of `projectId`, auditing before → after. Undefined when no such site is in the project. */
export async function updateSite(
	db: Kysely<Database>,
	projectId: string,
	siteId: string,
	changes: SiteChanges,
	actor: Actor
): Promise<Site | undefined> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('sites').selectAll().where('id', '=', siteId).where('project_id', '=', projectId).executeTakeFirst();
		if (!row) return undefined;
		const before = siteRowToSite(row);
		const after: Site = { ...before, ...changes, region: changes.region ?? null };
		if (JSON.stringify(before) === JSON.stringify(after)) return before;
		await trx
			.updateTable('sites')
			.set({ name: after.name, arm: after.arm, target_per_wave: after.targetPerWave, region: after.region })
			.where('id', '=', siteId)
			.execute();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'site.update',
			entityType: 'site',
			entityId: siteId,
			projectId,
			before: { name: before.name, arm: before.arm, targetPerWave: before.targetPerWave, region: before.region },
			after: { name: after.name, arm: after.arm, targetPerWave: after.targetPerWave, region: after.region }
		});
		return after;
	});
}

export async function listSites(db: Kysely<Database>, projectId: string): Promise<Site[]> {
	const rows = await db.selectFrom('sites').selectAll().where('project_id', '=', projectId).orderBy('name').execute();
	return rows.map(siteRowToSite);
}

export async function getSiteByName(db: Kysely<Database>, projectId: string, name: string): Promise<Site | undefined> {
	const row = await db.selectFrom('sites').selectAll().where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();
	return row && siteRowToSite(row);
}

export async function getSite(db: Kysely<Database>, projectId: string, siteId: string): Promise<Site | undefined> {
	const row = await db.selectFrom('sites').selectAll().where('project_id', '=', projectId).where('id', '=', siteId).executeTakeFirst();
	return row && siteRowToSite(row);
}

/** A site form as typed: every field a string. */
export interface SiteFields {
	name: string;
	arm: string;
	targetPerWave: string;
	region: string;
}

export type SiteFieldError = 'required' | 'too_long' | 'taken' | 'invalid';
export type SiteErrors = Partial<Record<keyof SiteFields, SiteFieldError>>;

export const SITE_NAME_MAX = 80;
export const SITE_TARGET_MAX = 100_000;

/** Trimmed, inner runs of white space made one space: "Xingfu  Lane " and "Xingfu Lane" are one name. */
function tidy(text: string): string {
	return text.trim().replace(/\s+/g, ' ');
}

/** Checks a site form field by field (pure); name uniqueness is checked by `saveSite`. */
export function parseSiteFields(fields: SiteFields): { changes: SiteChanges; errors: SiteErrors } {
	const errors: SiteErrors = {};
	const name = tidy(fields.name);
	if (!name) errors.name = 'required';
	else if (name.length > SITE_NAME_MAX) errors.name = 'too_long';
	const arm = fields.arm === 'project' || fields.arm === 'comparison' ? fields.arm : undefined;
	if (!arm) errors.arm = fields.arm ? 'invalid' : 'required';
	const targetText = fields.targetPerWave.trim();
	const target = Number(targetText);
	if (!targetText) errors.targetPerWave = 'required';
	else if (!/^\d+$/.test(targetText) || target > SITE_TARGET_MAX) errors.targetPerWave = 'invalid';
	const region = tidy(fields.region);
	if (region.length > SITE_NAME_MAX) errors.region = 'too_long';
	return { changes: { name, arm: arm ?? 'project', targetPerWave: target, region: region || null }, errors };
}

export type SaveSiteResult = { ok: true; site: Site } | { ok: false; errors: SiteErrors } | { ok: false; notFound: true };

/**
 * Validates a site form and creates the site (no `siteId`) or changes it, audited in the same
 * transaction. Names are unique within a project.
 */
export async function saveSite(
	db: Kysely<Database>,
	target: { projectId: string; siteId?: string },
	fields: SiteFields,
	actor: Actor
): Promise<SaveSiteResult> {
	const { changes, errors } = parseSiteFields(fields);
	if (!errors.name) {
		const sameName = await getSiteByName(db, target.projectId, changes.name);
		if (sameName && sameName.id !== target.siteId) errors.name = 'taken';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	if (!target.siteId) return { ok: true, site: await createSite(db, { projectId: target.projectId, ...changes }, actor) };
	const site = await updateSite(db, target.projectId, target.siteId, changes, actor);
	return site ? { ok: true, site } : { ok: false, notFound: true };
}
