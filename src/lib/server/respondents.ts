/** Respondents: residents known only by a pseudonymous panel code, unique in their project. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { newId, nowIso } from './ids';

/** The respondent id for a (formatted) panel code, created on first use. */
export async function findOrCreateRespondent(db: Kysely<Database>, projectId: string, panelCode: string): Promise<string> {
	const existing = await db
		.selectFrom('respondents')
		.select('id')
		.where('project_id', '=', projectId)
		.where('panel_code', '=', panelCode)
		.executeTakeFirst();
	if (existing) return existing.id;
	const id = newId();
	await db
		.insertInto('respondents')
		.values({ id, project_id: projectId, panel_code: panelCode, created_at: nowIso(), withdrawn_at: null, withdrawal_reason: null })
		.execute();
	return id;
}

export async function countRespondents(db: Kysely<Database>, projectId: string): Promise<number> {
	const row = await db
		.selectFrom('respondents')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('project_id', '=', projectId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
