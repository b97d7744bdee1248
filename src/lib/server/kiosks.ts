/**
 * Kiosks: shared tablets enrolled to one project and site. Creating one yields a short one-time
 * enrollment code; only hashes of codes and device tokens are stored.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, KioskRow } from './db/schema';
import { recordAudit } from './audit';
import { newId, nowIso } from './ids';

export interface Kiosk {
	id: string;
	projectId: string;
	siteId: string;
	name: string;
	enrolled: boolean;
	revoked: boolean;
	lastSeenAt: string | null;
}

export function kioskRowToKiosk(row: KioskRow): Kiosk {
	return {
		id: row.id,
		projectId: row.project_id,
		siteId: row.site_id,
		name: row.name,
		enrolled: row.enrolled_at !== null,
		revoked: row.revoked_at !== null,
		lastSeenAt: row.last_seen_at
	};
}

/** Unambiguous characters for codes typed on a tablet. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const ENROLLMENT_HOURS = 72;

export function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function enrollmentCode(): string {
	let code = '';
	for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export interface CreatedKiosk {
	kiosk: Kiosk;
	/** Shown once; valid for 72 hours. */
	enrollmentCode: string;
	expiresAt: string;
}

export async function createKiosk(
	db: Kysely<Database>,
	input: { projectId: string; siteId: string; name: string },
	actorLabel = 'system'
): Promise<CreatedKiosk> {
	const code = enrollmentCode();
	const expiresAt = new Date(Date.now() + ENROLLMENT_HOURS * 3600_000).toISOString();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('kiosks')
			.values({
				id: newId(),
				project_id: input.projectId,
				site_id: input.siteId,
				name: input.name,
				enrollment_code_hash: sha256(code),
				enrollment_expires_at: expiresAt,
				token_hash: null,
				enrolled_at: null,
				revoked_at: null,
				last_seen_at: null,
				created_at: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorLabel,
			action: 'kiosk.create',
			entityType: 'kiosk',
			entityId: row.id,
			projectId: row.project_id,
			after: input
		});
		return { kiosk: kioskRowToKiosk(row), enrollmentCode: code, expiresAt };
	});
}

export async function listKiosks(db: Kysely<Database>, projectId: string): Promise<Kiosk[]> {
	const rows = await db.selectFrom('kiosks').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
	return rows.map(kioskRowToKiosk);
}
