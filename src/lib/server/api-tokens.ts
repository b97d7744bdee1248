/**
 * Personal API tokens for scripts (R, Python, curl). A token is `anju_` + 256 random bits, shown
 * once when it is made; the database keeps only its SHA-256, so a leaked database does not leak
 * live tokens. `read` tokens may only read; `write` tokens (coordinators and admins) may also do
 * what their user could do through the API's write endpoints. A token works only while it is not
 * revoked, has not expired and its user is not disabled; disabling a user revokes their tokens.
 * Creating and revoking are audited.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokenRow, ApiTokenScope, Database, Role } from './db/schema';
import { recordAudit } from './audit';
import { sha256 } from './kiosks';
import { newId, nowIso } from './ids';
import { userRowToUser, type User } from './users';
import { API_TOKEN_EXPIRIES, isApiTokenSpent } from '../api-token-expiry';

/** Every token starts with this, so it is recognisable in a config file or a secret scanner. */
export const API_TOKEN_PREFIX = 'anju_';
export const API_TOKEN_NAME_MAX = 100;
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ['read', 'write'];
/** How much of a token is kept in clear to tell tokens apart: the prefix and 6 random characters. */
const SHOWN_CHARACTERS = API_TOKEN_PREFIX.length + 6;
/** How often last_used_at is written: not on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface ApiToken {
	id: string;
	userId: string;
	name: string;
	scope: ApiTokenScope;
	/** The token's first characters, e.g. `anju_x7Kp2q`. */
	prefix: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
	/** Null: never expires. */
	expiresAt: string | null;
}

export function apiTokenRowToApiToken(row: ApiTokenRow): ApiToken {
	return {
		id: row.id,
		userId: row.user_id,
		name: row.name,
		scope: row.scope,
		prefix: row.token_prefix,
		createdAt: row.created_at,
		lastUsedAt: row.last_used_at,
		revokedAt: row.revoked_at,
		expiresAt: row.expires_at
	};
}

/** The scopes a role may give its tokens: evaluators read only. */
export function scopesFor(role: Role): readonly ApiTokenScope[] {
	return role === 'evaluator' ? ['read'] : API_TOKEN_SCOPES;
}

/** Whether a bearer token is an API token (kiosk device tokens have no prefix). */
export function isApiToken(token: string): boolean {
	return token.startsWith(API_TOKEN_PREFIX);
}

export type ApiTokenInputError = 'name_required' | 'name_too_long' | 'scope_invalid' | 'scope_not_allowed' | 'expiry_invalid';

export type CreateApiTokenResult = { ok: true; token: string; apiToken: ApiToken } | { ok: false; error: ApiTokenInputError };

/** Makes a token for the user; the returned `token` is the only time it exists in clear. */
export async function createApiToken(
	db: Kysely<Database>,
	user: Pick<User, 'id' | 'role'>,
	input: { name: string; scope: string; expiry: string },
	now = new Date()
): Promise<CreateApiTokenResult> {
	const name = input.name.trim();
	if (name === '') return { ok: false, error: 'name_required' };
	if (name.length > API_TOKEN_NAME_MAX) return { ok: false, error: 'name_too_long' };
	const scope = API_TOKEN_SCOPES.find((s) => s === input.scope);
	if (!scope) return { ok: false, error: 'scope_invalid' };
	if (!scopesFor(user.role).includes(scope)) return { ok: false, error: 'scope_not_allowed' };
	const expiry = API_TOKEN_EXPIRIES.find((e) => e === input.expiry);
	if (!expiry) return { ok: false, error: 'expiry_invalid' };
	const expiresAt = expiry === 'never' ? null : new Date(now.getTime() + Number(expiry) * 86_400_000).toISOString();
	const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('api_tokens')
			.values({
				id: newId(),
				user_id: user.id,
				name,
				scope,
				token_hash: sha256(token),
				token_prefix: token.slice(0, SHOWN_CHARACTERS),
				created_at: now.toISOString(),
				last_used_at: null,
				revoked_at: null,
				expires_at: expiresAt
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			actorUserId: user.id,
			action: 'api_token.create',
			entityType: 'api_token',
			entityId: row.id,
			after: { name, scope, prefix: row.token_prefix, expiresAt }
		});
		return { ok: true, token, apiToken: apiTokenRowToApiToken(row) };
	});
}

/** The user's tokens, usable ones first, newest first. */
export async function listApiTokens(db: Kysely<Database>, userId: string, now = new Date()): Promise<ApiToken[]> {
	const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
	return rows.map(apiTokenRowToApiToken).sort((a, b) => Number(isApiTokenSpent(a, now)) - Number(isApiTokenSpent(b, now)));
}

/** Revokes every token of a user not revoked yet, inside the caller's transaction (the user is being disabled); how many. */
export async function revokeAllApiTokens(trx: Kysely<Database>, userId: string, now = nowIso()): Promise<number> {
	const revoked = await trx
		.updateTable('api_tokens')
		.set({ revoked_at: now })
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.returning('id')
		.execute();
	return revoked.length;
}

/**
 * Revokes one of the user's own tokens, audited. `not-found` for another user's token or an
 * unknown id; revoking a revoked token changes nothing.
 */
export async function revokeApiToken(db: Kysely<Database>, userId: string, tokenId: string): Promise<'ok' | 'not-found'> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
		if (!row) return 'not-found';
		if (row.revoked_at !== null) return 'ok';
		const now = nowIso();
		await trx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute();
		await recordAudit(trx, {
			actorUserId: userId,
			action: 'api_token.revoke',
			entityType: 'api_token',
			entityId: tokenId,
			before: { name: row.name, scope: row.scope, prefix: row.token_prefix, revoked: false },
			after: { revoked: true }
		});
		return 'ok';
	});
}

export interface ApiTokenAuth {
	user: User;
	token: ApiToken;
	/** The scope in force: a write token of a user who may no longer write counts as read. */
	scope: ApiTokenScope;
}

/** The user and token behind a bearer token, or undefined when it is unknown, revoked, expired or its user disabled. */
export async function authenticateApiToken(db: Kysely<Database>, token: string, now = new Date()): Promise<ApiTokenAuth | undefined> {
	if (!isApiToken(token)) return undefined;
	const row = await db
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.selectAll('users')
		.select([
			'api_tokens.id as token_id',
			'api_tokens.name as token_name',
			'api_tokens.scope',
			'api_tokens.token_hash',
			'api_tokens.token_prefix',
			'api_tokens.created_at as token_created_at',
			'api_tokens.last_used_at',
			'api_tokens.revoked_at',
			'api_tokens.expires_at'
		])
		.where('api_tokens.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row || row.disabled_at !== null) return undefined;
	const apiToken = apiTokenRowToApiToken({
		id: row.token_id,
		user_id: row.id,
		name: row.token_name,
		scope: row.scope,
		token_hash: row.token_hash,
		token_prefix: row.token_prefix,
		created_at: row.token_created_at,
		last_used_at: row.last_used_at,
		revoked_at: row.revoked_at,
		expires_at: row.expires_at
	});
	if (isApiTokenSpent(apiToken, now)) return undefined;
	if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS) {
		const usedAt = now.toISOString();
		await db.updateTable('api_tokens').set({ last_used_at: usedAt }).where('id', '=', row.token_id).execute();
		apiToken.lastUsedAt = usedAt;
	}
	const user = userRowToUser(row);
	return { user, token: apiToken, scope: scopesFor(user.role).includes(apiToken.scope) ? apiToken.scope : 'read' };
}
