/**
 * The kiosk forms: create a kiosk for a site, re-issue a code, and the enrollment slip shown once
 * afterwards — the typeable code and a QR code of the enrollment URL, rendered as inline SVG.
 */
import QRCode from 'qrcode';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Actor } from './audit';
import { createKiosk, reissueEnrollmentCode, type CreatedKiosk } from './kiosks';
import { getSite } from './sites';

export interface KioskFields {
	siteId: string;
	name: string;
}

export type KioskErrors = Partial<Record<keyof KioskFields, 'required' | 'too_long' | 'invalid'>>;

export const KIOSK_NAME_MAX = 80;

/** What the coordinator sees once after creating a kiosk or re-issuing its code. */
export interface EnrollmentSlip {
	kioskId: string;
	kioskName: string;
	siteName: string;
	code: string;
	expiresAt: string;
	url: string;
	/** An SVG document made by the server from `url` alone (no user text inside). */
	qrSvg: string;
}

/** The URL a tablet opens to enroll; the kiosk page reads `code` from it. */
export function enrollmentUrl(origin: string, code: string): string {
	return `${origin}/kiosk?code=${encodeURIComponent(code)}`;
}

async function slipFor(created: CreatedKiosk, siteName: string, origin: string): Promise<EnrollmentSlip> {
	const url = enrollmentUrl(origin, created.enrollmentCode);
	const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
	return {
		kioskId: created.kiosk.id,
		kioskName: created.kiosk.name,
		siteName,
		code: created.enrollmentCode,
		expiresAt: created.expiresAt,
		url,
		qrSvg
	};
}

export type KioskSlipResult = { ok: true; slip: EnrollmentSlip } | { ok: false; errors: KioskErrors };

/** Checks the form (a site of this project, a name) and creates the kiosk with its one-time code. */
export async function saveNewKiosk(
	db: Kysely<Database>,
	projectId: string,
	fields: KioskFields,
	origin: string,
	actor: Actor
): Promise<KioskSlipResult> {
	const errors: KioskErrors = {};
	const name = fields.name.trim().replace(/\s+/g, ' ');
	if (!name) errors.name = 'required';
	else if (name.length > KIOSK_NAME_MAX) errors.name = 'too_long';
	const site = fields.siteId ? await getSite(db, projectId, fields.siteId) : undefined;
	if (!site) errors.siteId = fields.siteId ? 'invalid' : 'required';
	if (!site || Object.keys(errors).length > 0) return { ok: false, errors };
	const created = await createKiosk(db, { projectId, siteId: site.id, name }, actor);
	return { ok: true, slip: await slipFor(created, site.name, origin) };
}

export type ReissueSlipResult = { ok: true; slip: EnrollmentSlip } | { ok: false; error: 'not_found' | 'active' };

/** A fresh one-time code for a kiosk that is not enrolled or was revoked. */
export async function reissueKioskCode(
	db: Kysely<Database>,
	projectId: string,
	kioskId: string,
	origin: string,
	actor: Actor
): Promise<ReissueSlipResult> {
	const result = await reissueEnrollmentCode(db, projectId, kioskId, actor);
	if (!result.ok) return result;
	const site = await getSite(db, projectId, result.created.kiosk.siteId);
	return { ok: true, slip: await slipFor(result.created, site?.name ?? '', origin) };
}
