import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, MAX_FAILURES, WINDOW_MS } from '$lib/server/login';
import { createSession, deleteSession, validateSession } from '$lib/server/sessions';
import { changePassword, createUser, type User } from '$lib/server/users';
import { sha256 } from '$lib/server/kiosks';
import { createTestDb, type TestDb } from '../../helpers/db';

let testDb: TestDb;
let user: User;
const limits = { idleMs: 8 * 3600_000, maxMs: 7 * 86_400_000 };
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
	testDb = await createTestDb();
	user = await createUser(testDb.db, { email: 'coord@example.org', name: 'Coord', password: PASSWORD, role: 'coordinator' });
});
afterAll(() => testDb.cleanup());

describe('sessions', () => {
	it('stores only the SHA-256 of a 256-bit token', async () => {
		const { token } = await createSession(testDb.db, user.id, limits);
		expect(Buffer.from(token, 'base64url')).toHaveLength(32);
		const rows = await testDb.db.selectFrom('sessions').select('id').execute();
		expect(rows.map((r) => r.id)).toContain(sha256(token));
		expect(rows.map((r) => r.id)).not.toContain(token);
	});

	it('ends after the idle limit without requests', async () => {
		const start = new Date('2026-01-01T08:00:00Z');
		const { token } = await createSession(testDb.db, user.id, limits, start);
		expect(await validateSession(testDb.db, token, limits, new Date(start.getTime() + limits.idleMs - 1000))).toMatchObject({
			id: user.id
		});
		// The request above counted as activity: the idle clock restarts from it.
		const later = new Date(start.getTime() + 2 * limits.idleMs - 2000);
		expect(await validateSession(testDb.db, token, limits, later)).toMatchObject({ id: user.id });
		expect(await validateSession(testDb.db, token, limits, new Date(later.getTime() + limits.idleMs))).toBeUndefined();
		// And it is gone for good, not just refused once.
		expect(await validateSession(testDb.db, token, limits, later)).toBeUndefined();
	});

	it('ends at the absolute limit however active', async () => {
		const start = new Date('2026-02-01T08:00:00Z');
		const { token } = await createSession(testDb.db, user.id, limits, start);
		let now = start.getTime();
		while (now + 3600_000 < start.getTime() + limits.maxMs) {
			now += 3600_000;
			expect(await validateSession(testDb.db, token, limits, new Date(now))).toBeDefined();
		}
		expect(await validateSession(testDb.db, token, limits, new Date(start.getTime() + limits.maxMs))).toBeUndefined();
	});

	it('ends at logout at once', async () => {
		const { token } = await createSession(testDb.db, user.id, limits);
		await deleteSession(testDb.db, token);
		expect(await validateSession(testDb.db, token, limits)).toBeUndefined();
	});

	it('ends every session of the user at a password change', async () => {
		const a = await createSession(testDb.db, user.id, limits);
		const b = await createSession(testDb.db, user.id, limits);
		expect(await changePassword(testDb.db, user.id, 'wrong password!!', 'another long password')).toBe('wrong-current');
		expect(await validateSession(testDb.db, a.token, limits)).toBeDefined();
		expect(await changePassword(testDb.db, user.id, PASSWORD, 'short')).toBe('too-short');
		expect(await changePassword(testDb.db, user.id, PASSWORD, 'another long password')).toBe('ok');
		expect(await validateSession(testDb.db, a.token, limits)).toBeUndefined();
		expect(await validateSession(testDb.db, b.token, limits)).toBeUndefined();
		expect((await attemptLogin(testDb.db, user.email, 'another long password')).ok).toBe(true);
		await changePassword(testDb.db, user.id, 'another long password', PASSWORD);
	});
});

describe('login throttling', () => {
	it('logs in with the right password, case-insensitively on the e-mail', async () => {
		const result = await attemptLogin(testDb.db, '  COORD@example.org ', PASSWORD);
		expect(result).toMatchObject({ ok: true, user: { id: user.id } });
	});

	it('makes further attempts wait after 5 failures in 15 minutes, even with the right password', async () => {
		const t0 = new Date('2026-03-01T10:00:00Z');
		for (let i = 0; i < MAX_FAILURES; i++) {
			expect(await attemptLogin(testDb.db, user.email, 'nope', new Date(t0.getTime() + i * 60_000))).toEqual({
				ok: false,
				reason: 'invalid'
			});
		}
		const blocked = await attemptLogin(testDb.db, user.email, PASSWORD, new Date(t0.getTime() + 6 * 60_000));
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		expect(blocked.ok === false && blocked.reason === 'throttled' && blocked.retryAfterSeconds).toBe(9 * 60);
		// Once the first failure leaves the window, one more attempt is allowed.
		const after = await attemptLogin(testDb.db, user.email, PASSWORD, new Date(t0.getTime() + WINDOW_MS + 1000));
		expect(after.ok).toBe(true);
	});

	it('answers an unknown account exactly like a known one', async () => {
		const t0 = new Date('2026-04-01T10:00:00Z');
		const unknown = [];
		const known = [];
		for (let i = 0; i <= MAX_FAILURES; i++) {
			const at = new Date(t0.getTime() + i * 1000);
			unknown.push(await attemptLogin(testDb.db, 'nobody@example.org', 'nope', at));
			known.push(await attemptLogin(testDb.db, user.email, 'nope', at));
		}
		expect(unknown).toEqual(known);
		expect(unknown.at(-1)).toMatchObject({ reason: 'throttled' });
	});

	it('refuses a disabled account with the same answer as a wrong password', async () => {
		const other = await createUser(testDb.db, { email: 'gone@example.org', name: 'Gone', password: PASSWORD, role: 'evaluator' });
		await testDb.db.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', other.id).execute();
		expect(await attemptLogin(testDb.db, other.email, PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
	});
});
