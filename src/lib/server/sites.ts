/** Sites: the communities of a project, each in the project or the comparison arm. */
import type { Kysely } from 'kysely';
import type { Arm, Database, SiteRow } from './db/schema';
import { recordAudit } from './audit';
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

export async function createSite(db: Kysely<Database>, input: NewSite, actorLabel = 'system'): Promise<Site> {
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
			actorLabel,
			action: 'site.create',
			entityType: 'site',
			entityId: row.id,
			projectId: row.project_id,
			after: input
		});
		return siteRowToSite(row);
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
