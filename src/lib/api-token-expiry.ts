/**
 * When API tokens expire: shared by the server (which enforces it) and the account page (which
 * offers the choices and marks expired tokens).
 */

/** When a new token expires, in days; `never` is a choice too. The form offers 90 days first. */
export const API_TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
export type ApiTokenExpiry = `${(typeof API_TOKEN_EXPIRY_DAYS)[number]}` | 'never';
export const API_TOKEN_EXPIRIES: readonly ApiTokenExpiry[] = [...API_TOKEN_EXPIRY_DAYS.map((d) => `${d}` as ApiTokenExpiry), 'never'];
export const DEFAULT_API_TOKEN_EXPIRY: ApiTokenExpiry = '90';

/** Whether a token can no longer be used: revoked, or past its expiry at `now`. */
export function isApiTokenSpent(token: { revokedAt: string | null; expiresAt: string | null }, now = new Date()): boolean {
	return token.revokedAt !== null || (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime());
}
