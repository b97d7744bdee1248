/**
 * API tokens on requests: `Authorization: Bearer anju_…` authenticates as the token's user, for
 * paths under `/api/` only — never for pages or form actions, where the header is ignored. A token
 * request uses no cookie, so it needs no cross-site check; a session request still gets one.
 * Kiosk device tokens (no `anju_` prefix) pass through to the handlers that check them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { User } from '../users';
import { authenticateApiToken, isApiToken } from '../api-tokens';
import { apiError } from '../api-response';
import { bearerToken } from '../device-auth';
import { isWrite } from '../guard';

export type ApiRequestAuth = { kind: 'none' } | { kind: 'token'; user: User } | { kind: 'refused'; response: Response };

/** Whether a path is part of the JSON API, where every answer, errors included, is JSON. */
export function isApiPath(pathname: string): boolean {
	return pathname.startsWith('/api/');
}

/** Whether the request carries an API token to an API path (checked by `authenticateApiRequest`). */
export function isApiTokenRequest(request: Request, pathname: string): boolean {
	const token = isApiPath(pathname) ? bearerToken(request) : undefined;
	return token !== undefined && isApiToken(token);
}

/** The token's user, `none` when the request carries no API token, or the 401/403 to answer. */
export async function authenticateApiRequest(db: Kysely<Database>, request: Request, pathname: string): Promise<ApiRequestAuth> {
	if (!isApiTokenRequest(request, pathname)) return { kind: 'none' };
	const auth = await authenticateApiToken(db, bearerToken(request) as string);
	if (!auth) {
		return {
			kind: 'refused',
			response: apiError(
				401,
				'invalid_token',
				'This API token is not known, has been revoked or has expired, or belongs to a disabled account',
				{
					headers: { 'www-authenticate': 'Bearer realm="anju", error="invalid_token"' }
				}
			)
		};
	}
	if (isWrite(request.method) && auth.scope !== 'write') {
		return {
			kind: 'refused',
			response: apiError(403, 'insufficient_scope', 'This API token may only read; create a token with the write scope to change data', {
				headers: { 'www-authenticate': 'Bearer realm="anju", error="insufficient_scope", scope="write"' }
			})
		};
	}
	return { kind: 'token', user: auth.user };
}
