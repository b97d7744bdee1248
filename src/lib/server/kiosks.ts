/**
 * Kiosks: shared tablets enrolled to one project and site. Creating one yields a short one-time
 * enrollment code; the device exchanges it for a long-lived token. Only SHA-256 hashes of codes
 * and tokens are stored, and every request looks the token up afresh, so a revocation holds from
 * the next request on.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, KioskRow } from './db/schema';
import { actorFields, recordAudit, type Actor } from './audit';
import { newId, nowIso } from './ids';

export interface Kiosk {
	id: string;
	projectId: string;
	siteId: string;
	name: string;
	enrolled: boolean;
	revoked: boolean;
	lastSeenAt: string | null;
	/** When the pending enrollment code stops working; null when no code is pending. */
	enrollmentExpiresAt: string | null;
}

export function kioskRowToKiosk(row: KioskRow): Kiosk {
	return {
		id: row.id,
		projectId: row.project_id,
		siteId: row.site_id,
		name: row.name,
		enrolled: row.enrolled_at !== null,
		revoked: row.revoked_at !== null,
		lastSeenAt: row.last_seen_at,
		enrollmentExpiresAt: row.enrollment_code_hash === null ? null : row.enrollment_expires_at
	};
}

/** Unambiguous characters for codes typed on a tablet (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const ENROLLMENT_HOURS = 72;
/** 256 bits; the requirement is at least 128. */
const TOKEN_BYTES = 32;
/** last_seen_at is written at most this often per kiosk, so busy kiosks do not write on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function enrollmentCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return formatCode(code);
}

function formatCode(bare: string): string {
	return `${bare.slice(0, 4)}-${bare.slice(4)}`;
}

/** A typed code in its canonical `XXXX-XXXX` form (case, spaces and dashes ignored), or undefined. */
export function normalizeEnrollmentCode(typed: string): string | undefined {
	const bare = typed.toUpperCase().replace(/[\s\-_]/g, '');
	if (bare.length !== CODE_LENGTH || [...bare].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
	return formatCode(bare);
}

export interface CreatedKiosk {
	kiosk: Kiosk;
	/** Shown once; valid for 72 hours. */
	enrollmentCode: string;
	expiresAt: string;
}

function freshEnrollment(): { code: string; codeHash: string; expiresAt: string } {
	const code = enrollmentCode();
	return { code, codeHash: sha256(code), expiresAt: new Date(Date.now() + ENROLLMENT_HOURS * 3600_000).toISOString() };
}

export async function createKiosk(
	db: Kysely<Database>,
	input: { projectId: string; siteId: string; name: string },
	actor: Actor = 'system'
): Promise<CreatedKiosk> {
	const { code, codeHash, expiresAt } = freshEnrollment();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('kiosks')
			.values({
				id: newId(),
				project_id: input.projectId,
				site_id: input.siteId,
				name: input.name,
				enrollment_code_hash: codeHash,
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
			...actorFields(actor),
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

export async function getKiosk(db: Kysely<Database>, projectId: string, kioskId: string): Promise<Kiosk | undefined> {
	const row = await db.selectFrom('kiosks').selectAll().where('id', '=', kioskId).where('project_id', '=', projectId).executeTakeFirst();
	return row && kioskRowToKiosk(row);
}

/** Responses received from each kiosk of a project, by kiosk id (kiosks without any are absent). */
export async function countResponsesByKiosk(db: Kysely<Database>, projectId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('responses')
		.select((eb) => ['kiosk_id', eb.fn.countAll<number>().as('n')])
		.where('project_id', '=', projectId)
		.where('kiosk_id', 'is not', null)
		.groupBy('kiosk_id')
		.execute();
	return new Map(rows.map((r) => [r.kiosk_id as string, Number(r.n)]));
}

export type KioskStatus = 'active' | 'pending' | 'expired' | 'revoked';

export interface KioskSummary extends Kiosk {
	siteName: string;
	status: KioskStatus;
	/** Responses received from this kiosk. */
	responses: number;
}

export function kioskStatus(kiosk: Kiosk, now: string): KioskStatus {
	if (kiosk.revoked) return 'revoked';
	if (kiosk.enrolled) return 'active';
	return kiosk.enrollmentExpiresAt && kiosk.enrollmentExpiresAt > now ? 'pending' : 'expired';
}

/** The project's kiosks with their site, status and the responses each has sent. */
export async function listKioskSummaries(db: Kysely<Database>, projectId: string): Promise<KioskSummary[]> {
	const [rows, responses] = await Promise.all([
		db
			.selectFrom('kiosks')
			.innerJoin('sites', 'sites.id', 'kiosks.site_id')
			.selectAll('kiosks')
			.select('sites.name as site_name')
			.where('kiosks.project_id', '=', projectId)
			.orderBy('kiosks.created_at')
			.execute(),
		countResponsesByKiosk(db, projectId)
	]);
	const now = nowIso();
	return rows.map((row) => {
		const kiosk = kioskRowToKiosk(row);
		return { ...kiosk, siteName: row.site_name, status: kioskStatus(kiosk, now), responses: responses.get(kiosk.id) ?? 0 };
	});
}

/**
 * Revokes a kiosk: its token stops working from the next request on and any pending code is
 * voided. The token hash is kept so the device can be told it was revoked rather than unknown.
 * `scope.projectId` limits the change to one project (a form names the kiosk by id).
 * Returns the kiosk, or undefined when there is no such kiosk (in that project).
 */
export async function revokeKiosk(
	db: Kysely<Database>,
	kioskId: string,
	actorUserId: string,
	scope: { projectId?: string } = {}
): Promise<Kiosk | undefined> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('kiosks').selectAll().where('id', '=', kioskId).executeTakeFirst();
		if (!row || (scope.projectId !== undefined && row.project_id !== scope.projectId)) return undefined;
		if (row.revoked_at) return kioskRowToKiosk(row);
		const revokedAt = nowIso();
		const updated = await trx
			.updateTable('kiosks')
			.set({ revoked_at: revokedAt, enrollment_code_hash: null, enrollment_expires_at: null })
			.where('id', '=', kioskId)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorUserId,
			action: 'kiosk.revoke',
			entityType: 'kiosk',
			entityId: kioskId,
			projectId: row.project_id,
			before: { enrolled: row.enrolled_at !== null, revokedAt: null },
			after: { revokedAt }
		});
		return kioskRowToKiosk(updated);
	});
}

export type ReissueResult = { ok: true; created: CreatedKiosk } | { ok: false; error: 'not_found' | 'active' };

/**
 * A new one-time code for a kiosk that is not enrolled yet or was revoked (a replacement tablet).
 * Any old code and token stop working; an enrolled, active kiosk must be revoked first.
 */
export async function reissueEnrollmentCode(
	db: Kysely<Database>,
	projectId: string,
	kioskId: string,
	actor: Actor
): Promise<ReissueResult> {
	const { code, codeHash, expiresAt } = freshEnrollment();
	return db.transaction().execute(async (trx): Promise<ReissueResult> => {
		const row = await trx.selectFrom('kiosks').selectAll().where('id', '=', kioskId).where('project_id', '=', projectId).executeTakeFirst();
		if (!row) return { ok: false, error: 'not_found' };
		if (row.enrolled_at && !row.revoked_at) return { ok: false, error: 'active' };
		const updated = await trx
			.updateTable('kiosks')
			.set({ enrollment_code_hash: codeHash, enrollment_expires_at: expiresAt, token_hash: null, enrolled_at: null, revoked_at: null })
			.where('id', '=', kioskId)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'kiosk.reissue_code',
			entityType: 'kiosk',
			entityId: kioskId,
			projectId,
			before: { enrolled: row.enrolled_at !== null, revoked: row.revoked_at !== null },
			after: { expiresAt }
		});
		return { ok: true, created: { kiosk: kioskRowToKiosk(updated), enrollmentCode: code, expiresAt } };
	});
}

export interface EnrolledKiosk {
	id: string;
	projectSlug: string;
	siteId: string;
	siteName: string;
	name: string;
}

export type EnrollmentError = 'invalid_code' | 'unknown_code' | 'expired_code';
export type EnrollmentResult = { ok: true; token: string; kiosk: EnrolledKiosk } | { ok: false; error: EnrollmentError };

/**
 * Exchanges a valid, unexpired, unused enrollment code for a new device token (returned once,
 * stored only as its hash). The code is cleared so it cannot be used twice.
 */
/** A random device token; never one that looks like a staff API token (`anju_…`), which the API would take for one. */
function newDeviceToken(): string {
	for (;;) {
		const token = randomBytes(TOKEN_BYTES).toString('base64url');
		if (!token.startsWith('anju_')) return token;
	}
}

export async function enrollKiosk(db: Kysely<Database>, typedCode: string): Promise<EnrollmentResult> {
	const code = normalizeEnrollmentCode(typedCode);
	if (!code) return { ok: false, error: 'invalid_code' };
	const codeHash = sha256(code);
	const token = newDeviceToken();
	return db.transaction().execute(async (trx): Promise<EnrollmentResult> => {
		const row = await trx
			.selectFrom('kiosks')
			.innerJoin('projects', 'projects.id', 'kiosks.project_id')
			.innerJoin('sites', 'sites.id', 'kiosks.site_id')
			.select([
				'kiosks.id',
				'kiosks.name',
				'kiosks.site_id',
				'kiosks.enrollment_expires_at',
				'projects.slug',
				'projects.id as project_id',
				'sites.name as site_name'
			])
			.where('kiosks.enrollment_code_hash', '=', codeHash)
			.where('kiosks.revoked_at', 'is', null)
			.executeTakeFirst();
		if (!row) return { ok: false, error: 'unknown_code' };
		const now = nowIso();
		if (!row.enrollment_expires_at || row.enrollment_expires_at <= now) return { ok: false, error: 'expired_code' };
		// The code hash in the WHERE makes a concurrent second use of the same code update nothing.
		const result = await trx
			.updateTable('kiosks')
			.set({ token_hash: sha256(token), enrolled_at: now, last_seen_at: now, enrollment_code_hash: null, enrollment_expires_at: null })
			.where('id', '=', row.id)
			.where('enrollment_code_hash', '=', codeHash)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, error: 'unknown_code' };
		await recordAudit(trx, {
			actorLabel: `kiosk:${row.id}`,
			action: 'kiosk.enroll',
			entityType: 'kiosk',
			entityId: row.id,
			projectId: row.project_id,
			after: { enrolledAt: now }
		});
		return { ok: true, token, kiosk: { id: row.id, projectSlug: row.slug, siteId: row.site_id, siteName: row.site_name, name: row.name } };
	});
}

/** The kiosk a device token belongs to, revoked or not; undefined for an unknown token. */
export async function findKioskByToken(db: Kysely<Database>, token: string): Promise<Kiosk | undefined> {
	if (!/^[A-Za-z0-9_-]{16,256}$/.test(token)) return undefined;
	const row = await db.selectFrom('kiosks').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
	return row && kioskRowToKiosk(row);
}

/**
 * The active kiosk a device token belongs to; undefined when the token is unknown or the kiosk
 * revoked. Records when the kiosk was last seen, at most once a minute.
 */
export async function authenticateKiosk(db: Kysely<Database>, token: string): Promise<Kiosk | undefined> {
	const kiosk = await findKioskByToken(db, token);
	if (!kiosk || kiosk.revoked) return undefined;
	const now = new Date();
	const staleBefore = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS).toISOString();
	if (kiosk.lastSeenAt === null || kiosk.lastSeenAt < staleBefore) {
		const seenAt = now.toISOString();
		await db
			.updateTable('kiosks')
			.set({ last_seen_at: seenAt })
			.where('id', '=', kiosk.id)
			.where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', staleBefore)]))
			.execute();
		return { ...kiosk, lastSeenAt: seenAt };
	}
	return kiosk;
}
