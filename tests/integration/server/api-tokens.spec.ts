import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	API_TOKEN_PREFIX,
	authenticateApiToken,
	createApiToken,
	listApiTokens,
	revokeApiToken,
	type ApiToken
} from '$lib/server/api-tokens';
import { authenticateApiRequest, isApiTokenRequest } from '$lib/server/api/request-auth';
import { sha256 } from '$lib/server/kiosks';
import { createUser, setUserDisabled, type User } from '$lib/server/users';
import { createTestDb, type TestDb } from '../../helpers/db';

let t: TestDb;
let coordinator: User;
let evaluator: User;
let admin: User;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
	t = await createTestDb();
	coordinator = await createUser(t.db, { email: 'coord@example.org', name: 'Coord', password: PASSWORD, role: 'coordinator' });
	evaluator = await createUser(t.db, { email: 'eval@example.org', name: 'Eval', password: PASSWORD, role: 'evaluator' });
	admin = await createUser(t.db, { email: 'admin@example.org', name: 'Admin', password: PASSWORD, role: 'admin' });
});
afterAll(() => t.cleanup());

async function newToken(
	user: User,
	scope: 'read' | 'write',
	name = 'script',
	expiry = '90',
	now = new Date()
): Promise<{ token: string; apiToken: ApiToken }> {
	const result = await createApiToken(t.db, user, { name, scope, expiry }, now);
	if (!result.ok) throw new Error(`token not created: ${result.error}`);
	return result;
}

function request(token: string | undefined, method = 'GET', path = '/api/v1/projects'): Request {
	return new Request(`http://anju.test${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

describe('creating a token', () => {
	it('gives an anju_ token with 256 random bits once, and stores only its SHA-256', async () => {
		const { token, apiToken } = await newToken(coordinator, 'read', '  R on my laptop  ');
		expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
		expect(Buffer.from(token.slice(API_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
		expect(apiToken).toMatchObject({ name: 'R on my laptop', scope: 'read', userId: coordinator.id, lastUsedAt: null, revokedAt: null });
		expect(apiToken.prefix).toBe(token.slice(0, 11));

		const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
		expect(row.token_hash).toBe(sha256(token));
		// Nowhere in the database is the token in clear: not in its row, not in the audit log.
		const everything = JSON.stringify([
			await t.db.selectFrom('api_tokens').selectAll().execute(),
			await t.db.selectFrom('audit_log').selectAll().execute()
		]);
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(token.slice(11));
		// Listing shows the prefix only: there is no way to see the token again.
		const listed = await listApiTokens(t.db, coordinator.id);
		expect(JSON.stringify(listed)).not.toContain(token);
	});

	it('makes every token different', async () => {
		const tokens = await Promise.all([1, 2, 3, 4].map(() => newToken(evaluator, 'read')));
		expect(new Set(tokens.map((x) => x.token)).size).toBe(4);
	});

	it('is audited with the name and scope', async () => {
		const { apiToken } = await newToken(admin, 'write', 'nightly export');
		const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', apiToken.id).execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ action: 'api_token.create', entity_type: 'api_token', actor_user_id: admin.id });
		expect(JSON.parse(audit[0]!.after!)).toEqual({
			name: 'nightly export',
			scope: 'write',
			prefix: apiToken.prefix,
			expiresAt: apiToken.expiresAt
		});
	});

	it('refuses a missing or long name and unknown scopes, writing nothing', async () => {
		const before = await t.db.selectFrom('api_tokens').select('id').execute();
		const make = (name: string, scope: string, expiry = '90') => createApiToken(t.db, coordinator, { name, scope, expiry });
		expect(await make('   ', 'read')).toEqual({ ok: false, error: 'name_required' });
		expect(await make('x'.repeat(101), 'read')).toEqual({ ok: false, error: 'name_too_long' });
		expect(await make('x', 'admin')).toEqual({ ok: false, error: 'scope_invalid' });
		for (const expiry of ['', '7', 'forever', '90 days'])
			expect(await make('x', 'read', expiry)).toEqual({ ok: false, error: 'expiry_invalid' });
		expect(await t.db.selectFrom('api_tokens').select('id').execute()).toHaveLength(before.length);
	});

	it('lets evaluators create read tokens only', async () => {
		const make = (user: User) => createApiToken(t.db, user, { name: 'x', scope: 'write', expiry: '30' });
		expect(await make(evaluator)).toEqual({ ok: false, error: 'scope_not_allowed' });
		expect((await make(coordinator)).ok).toBe(true);
		expect((await make(admin)).ok).toBe(true);
	});

	it('expires after the days chosen, or never', async () => {
		const user = await createUser(t.db, { email: 'chooser@example.org', name: 'Chooser', password: PASSWORD, role: 'coordinator' });
		const made = new Date('2026-05-01T10:00:00.000Z');
		for (const [expiry, days] of [
			['30', 30],
			['90', 90],
			['365', 365]
		] as const) {
			const { apiToken } = await newToken(user, 'read', `${expiry} days`, expiry, made);
			expect(apiToken.expiresAt).toBe(new Date(made.getTime() + days * 86_400_000).toISOString());
		}
		expect((await newToken(user, 'read', 'forever', 'never', made)).apiToken.expiresAt).toBeNull();
	});
});

describe('using a token', () => {
	it('authenticates as its user and records when it was last used, at most once a minute', async () => {
		const { token, apiToken } = await newToken(coordinator, 'write');
		const now = new Date('2026-05-01T10:00:00Z');
		const auth = await authenticateApiToken(t.db, token, now);
		expect(auth).toMatchObject({ user: { id: coordinator.id, role: 'coordinator' }, scope: 'write' });
		const usedAt = async () =>
			(await t.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', apiToken.id).executeTakeFirstOrThrow()).last_used_at;
		expect(await usedAt()).toBe(now.toISOString());
		await authenticateApiToken(t.db, token, new Date(now.getTime() + 30_000));
		expect(await usedAt()).toBe(now.toISOString());
		await authenticateApiToken(t.db, token, new Date(now.getTime() + 61_000));
		expect(await usedAt()).toBe(new Date(now.getTime() + 61_000).toISOString());
	});

	it('refuses unknown tokens and anything that is not an API token', async () => {
		const { token } = await newToken(coordinator, 'read');
		expect(await authenticateApiToken(t.db, token + 'x')).toBeUndefined();
		expect(await authenticateApiToken(t.db, token.slice(API_TOKEN_PREFIX.length))).toBeUndefined();
		expect(await authenticateApiToken(t.db, `${API_TOKEN_PREFIX}`)).toBeUndefined();
		expect(await authenticateApiToken(t.db, sha256(token))).toBeUndefined();
	});

	it('stops working when revoked, for good', async () => {
		const { token, apiToken } = await newToken(coordinator, 'read', 'old laptop');
		expect(await authenticateApiToken(t.db, token)).toBeDefined();
		expect(await revokeApiToken(t.db, coordinator.id, apiToken.id)).toBe('ok');
		expect(await authenticateApiToken(t.db, token)).toBeUndefined();
		// Revoking again changes nothing and is not audited twice.
		expect(await revokeApiToken(t.db, coordinator.id, apiToken.id)).toBe('ok');
		const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', apiToken.id).orderBy('at').execute();
		expect(audit.map((a) => a.action)).toEqual(['api_token.create', 'api_token.revoke']);
		expect(audit[1]?.actor_user_id).toBe(coordinator.id);
		const listed = (await listApiTokens(t.db, coordinator.id)).find((x) => x.id === apiToken.id);
		expect(listed?.revokedAt).toEqual(expect.any(String));
		// Revoked tokens are listed after the active ones.
		const all = await listApiTokens(t.db, coordinator.id);
		expect(all.findIndex((x) => x.revokedAt !== null)).toBeGreaterThan(all.findLastIndex((x) => x.revokedAt === null));
	});

	it("cannot revoke another user's token", async () => {
		const { token, apiToken } = await newToken(evaluator, 'read');
		expect(await revokeApiToken(t.db, coordinator.id, apiToken.id)).toBe('not-found');
		expect(await revokeApiToken(t.db, coordinator.id, 'no-such-id')).toBe('not-found');
		expect(await authenticateApiToken(t.db, token)).toBeDefined();
	});

	it('stops working when it expires, and is listed after the usable ones', async () => {
		const user = await createUser(t.db, { email: 'monthly@example.org', name: 'Monthly', password: PASSWORD, role: 'evaluator' });
		const made = new Date('2026-05-01T10:00:00.000Z');
		const { token, apiToken } = await newToken(user, 'read', 'a month', '30', made);
		const { token: forever } = await newToken(user, 'read', 'forever', 'never', made);
		const expiry = Date.parse(apiToken.expiresAt!);
		expect(await authenticateApiToken(t.db, token, new Date(expiry - 1))).toBeDefined();
		expect(await authenticateApiToken(t.db, token, new Date(expiry))).toBeUndefined();
		expect(await authenticateApiToken(t.db, forever, new Date(expiry + 10 * 365 * 86_400_000))).toBeDefined();
		const listed = await listApiTokens(t.db, user.id, new Date(expiry));
		expect(listed.map((x) => x.name)).toEqual(['forever', 'a month']);
	});

	it('is revoked when its user is disabled, and stays revoked when the user is enabled again', async () => {
		const user = await createUser(t.db, { email: 'leaver@example.org', name: 'Leaver', password: PASSWORD, role: 'coordinator' });
		const { token } = await newToken(user, 'write');
		const { token: second } = await newToken(user, 'read');
		expect(await authenticateApiToken(t.db, token)).toBeDefined();
		await setUserDisabled(t.db, user.id, true, { userId: admin.id });
		expect(await authenticateApiToken(t.db, token)).toBeUndefined();
		expect(await authenticateApiRequest(t.db, request(token), '/api/v1/projects')).toMatchObject({ kind: 'refused' });
		expect((await listApiTokens(t.db, user.id)).map((x) => x.revokedAt)).toEqual([expect.any(String), expect.any(String)]);
		const audit = await t.db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity_id', '=', user.id)
			.where('action', '=', 'user.disable')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.after!)).toEqual({ disabled: true, tokensRevoked: 2 });
		await setUserDisabled(t.db, user.id, false, { userId: admin.id });
		expect(await authenticateApiToken(t.db, token)).toBeUndefined();
		expect(await authenticateApiToken(t.db, second)).toBeUndefined();
	});
});

describe('API token requests', () => {
	it('are recognised on /api/ paths only, and never for kiosk device tokens', () => {
		const token = `${API_TOKEN_PREFIX}abc`;
		expect(isApiTokenRequest(request(token), '/api/v1/projects')).toBe(true);
		expect(isApiTokenRequest(request(token, 'POST', '/account?/createToken'), '/account')).toBe(false);
		expect(isApiTokenRequest(request(token, 'GET', '/projects/demo'), '/projects/demo')).toBe(false);
		expect(isApiTokenRequest(request('A'.repeat(43), 'GET', '/api/kiosk/bundle'), '/api/kiosk/bundle')).toBe(false);
		expect(isApiTokenRequest(request(undefined), '/api/v1/projects')).toBe(false);
	});

	it('authenticate as the user, or answer 401 invalid_token', async () => {
		const { token } = await newToken(evaluator, 'read');
		expect(await authenticateApiRequest(t.db, request(token), '/api/v1/projects')).toMatchObject({
			kind: 'token',
			user: { id: evaluator.id }
		});
		const refused = await authenticateApiRequest(t.db, request(`${API_TOKEN_PREFIX}nope`), '/api/v1/projects');
		if (refused.kind !== 'refused') throw new Error('expected a refusal');
		expect(refused.response.status).toBe(401);
		expect(refused.response.headers.get('www-authenticate')).toContain('invalid_token');
		expect(await refused.response.json()).toMatchObject({ error: { code: 'invalid_token', message: expect.any(String) } });
		// Pages and device tokens are none of this module's business.
		expect(await authenticateApiRequest(t.db, request(token, 'GET', '/projects'), '/projects')).toEqual({ kind: 'none' });
	});

	it('refuse read tokens on every write method with 403 insufficient_scope, and let write tokens through', async () => {
		const read = await newToken(coordinator, 'read');
		const write = await newToken(coordinator, 'write');
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			const refused = await authenticateApiRequest(t.db, request(read.token, method), '/api/v1/submissions');
			if (refused.kind !== 'refused') throw new Error(`expected a refusal for ${method}`);
			expect(refused.response.status).toBe(403);
			expect((await refused.response.json()).error.code).toBe('insufficient_scope');
			expect(await authenticateApiRequest(t.db, request(write.token, method), '/api/v1/submissions')).toMatchObject({ kind: 'token' });
		}
		expect(await authenticateApiRequest(t.db, request(read.token, 'HEAD'), '/api/v1/projects')).toMatchObject({ kind: 'token' });
	});
});
