/**
 * Kiosk device tokens on API requests (`Authorization: Bearer <token>`). The hooks treat these
 * routes as public; each handler authenticates the device here. A revoked kiosk is told so — it
 * must stop and show the coordinator a clear message — while an unknown token is only "unknown".
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { authenticateKiosk, findKioskByToken, type Kiosk } from './kiosks';
import { apiError } from './api-response';

export type DeviceAuth = { ok: true; kiosk: Kiosk } | { ok: false; response: Response };

const CHALLENGE = { 'www-authenticate': 'Bearer realm="anju-kiosk"' };

/** The bearer token of the request; undefined without an Authorization header, '' when it is not a bearer token. */
export function bearerToken(request: Request): string | undefined {
	const header = request.headers.get('authorization');
	if (header === null) return undefined;
	const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
	return match?.[1] ?? '';
}

export function deviceTokenMissing(): Response {
	return apiError(401, 'unauthenticated', 'This needs a kiosk device token (Authorization: Bearer <token>)', { headers: CHALLENGE });
}

/** Authenticates the kiosk behind a token (the caller has checked there is one). */
export async function authenticateDeviceToken(db: Kysely<Database>, token: string): Promise<DeviceAuth> {
	const kiosk = token === '' ? undefined : await authenticateKiosk(db, token);
	if (kiosk) return { ok: true, kiosk };
	const known = token === '' ? undefined : await findKioskByToken(db, token);
	if (known?.revoked) {
		return {
			ok: false,
			response: apiError(
				403,
				'kiosk_revoked',
				'This kiosk has been revoked by a coordinator and can no longer send or receive survey data; ask the coordinator to enroll it again'
			)
		};
	}
	return {
		ok: false,
		response: apiError(
			401,
			'unknown_device',
			'This device token is not known; enroll the kiosk again with a new code from the coordinator',
			{
				headers: CHALLENGE
			}
		)
	};
}

/** The kiosk making the request, or the 401/403 response to send. */
export async function authenticateDevice(db: Kysely<Database>, request: Request): Promise<DeviceAuth> {
	const token = bearerToken(request);
	if (token === undefined) return { ok: false, response: deviceTokenMissing() };
	return authenticateDeviceToken(db, token);
}
