/**
 * Declined consent on a kiosk. Only a count is kept — project, site, wave, kiosk and time — so
 * that response rates can be reported honestly; nothing about the resident is stored.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Kiosk } from './kiosks';
import { newId, nowIso } from './ids';

export interface NewRefusal {
	/** A UUID made by the kiosk, so a refusal queued offline and sent twice counts once. */
	id?: string;
	waveId: string | null;
	/** When the resident declined; defaults to now. */
	at?: string;
}

export interface RefusalReceipt {
	id: string;
	at: string;
	/** True when this id was already counted. */
	replay: boolean;
}

/** Counts one refusal at the kiosk's site; the wave must be checked by the caller to be the kiosk's project's. */
export async function recordConsentRefusal(db: Kysely<Database>, kiosk: Kiosk, refusal: NewRefusal): Promise<RefusalReceipt> {
	const id = refusal.id ?? newId();
	const at = refusal.at ?? nowIso();
	const result = await db
		.insertInto('consent_refusals')
		.values({ id, project_id: kiosk.projectId, site_id: kiosk.siteId, wave_id: refusal.waveId, kiosk_id: kiosk.id, at })
		.onConflict((oc) => oc.column('id').doNothing())
		.executeTakeFirst();
	if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return { id, at, replay: false };
	const stored = await db.selectFrom('consent_refusals').select('at').where('id', '=', id).executeTakeFirstOrThrow();
	return { id, at: stored.at, replay: true };
}

/** Refusals of a project, optionally of one wave. */
export async function countConsentRefusals(db: Kysely<Database>, projectId: string, waveId?: string): Promise<number> {
	let query = db
		.selectFrom('consent_refusals')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('project_id', '=', projectId);
	if (waveId !== undefined) query = query.where('wave_id', '=', waveId);
	const row = await query.executeTakeFirstOrThrow();
	return Number(row.n);
}
