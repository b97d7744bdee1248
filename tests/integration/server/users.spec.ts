import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin } from '$lib/server/login';
import { addMember } from '$lib/server/members';
import { createProject } from '$lib/server/projects';
import { createSession, validateSession } from '$lib/server/sessions';
import { createUser, createUserAccount, listUsersWithProjects, setUserDisabled, UserInputError, type User } from '$lib/server/users';
import { countRows, createTestDb, type TestDb } from '../../helpers/db';

const LIMITS = { idleMs: 8 * 3600_000, maxMs: 7 * 86_400_000 };
const password = 'correct horse battery';

let t: TestDb;
let admin: User;

beforeAll(async () => {
	t = await createTestDb();
	admin = await createUser(t.db, { email: 'admin@example.org', name: 'Admin', password, role: 'admin' });
});
afterAll(() => t.cleanup());

async function auditRows(entityId: string) {
	const rows = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).execute();
	return rows.map((r) => ({ ...r, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

async function sessionCount(userId: string): Promise<number> {
	return (await t.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;
}

describe('createUser / createUserAccount', () => {
	it('names every invalid field at once and writes nothing', async () => {
		const [users, audit] = [await countRows(t.db, 'users'), await countRows(t.db, 'audit_log')];
		const error = await createUser(
			t.db,
			{ email: 'not-an-address', name: '  ', password: 'short', role: 'owner' as never },
			{ userId: admin.id }
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UserInputError);
		expect((error as UserInputError).errors).toEqual({ email: 'format', name: 'required', role: 'format', password: 'too_short' });
		expect([await countRows(t.db, 'users'), await countRows(t.db, 'audit_log')]).toEqual([users, audit]);
	});

	it('refuses an e-mail already in use, whatever its case', async () => {
		const error = await createUser(t.db, { email: ' ADMIN@example.org ', name: 'Twin', password, role: 'admin' }).catch((e: unknown) => e);
		expect((error as UserInputError).errors).toEqual({ email: 'taken' });
		expect((error as UserInputError).message).toBe('a user with e-mail admin@example.org already exists');
	});

	it('keeps a chosen password and generates one when it is left empty; both log in', async () => {
		const chosen = await createUserAccount(
			t.db,
			{ email: 'chosen@example.org', name: 'Chosen', role: 'coordinator', password },
			{ userId: admin.id }
		);
		expect(chosen.generatedPassword).toBeNull();
		expect((await attemptLogin(t.db, 'chosen@example.org', password)).ok).toBe(true);

		const generated = await createUserAccount(
			t.db,
			{ email: 'gen@example.org', name: 'Generated', role: 'evaluator', password: '' },
			{ userId: admin.id }
		);
		expect(generated.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
		expect((await attemptLogin(t.db, 'gen@example.org', generated.generatedPassword as string)).ok).toBe(true);
		const [entry] = await auditRows(generated.user.id);
		// The audit row records who was created, never the password.
		expect(entry).toMatchObject({
			action: 'user.create',
			actor_user_id: admin.id,
			after: { email: 'gen@example.org', name: 'Generated', role: 'evaluator' }
		});
		expect(JSON.stringify(entry)).not.toContain(generated.generatedPassword);
	});
});

describe('setUserDisabled', () => {
	it('ends every session of the user at once and audits before → after', async () => {
		const user = await createUser(t.db, { email: 'leaving@example.org', name: 'Leaving', password, role: 'coordinator' });
		const first = await createSession(t.db, user.id, LIMITS);
		await createSession(t.db, user.id, LIMITS);
		const adminSession = await createSession(t.db, admin.id, LIMITS);
		expect(await validateSession(t.db, first.token, LIMITS)).toMatchObject({ id: user.id });

		expect(await setUserDisabled(t.db, user.id, true, { userId: admin.id })).toBe('ok');
		expect(await sessionCount(user.id)).toBe(0);
		expect(await validateSession(t.db, first.token, LIMITS)).toBeUndefined();
		expect(await validateSession(t.db, adminSession.token, LIMITS)).toMatchObject({ id: admin.id });
		expect((await attemptLogin(t.db, 'leaving@example.org', password)).ok).toBe(false);

		expect(await setUserDisabled(t.db, user.id, false, { userId: admin.id })).toBe('ok');
		expect((await attemptLogin(t.db, 'leaving@example.org', password)).ok).toBe(true);
		const changes = (await auditRows(user.id)).filter((r) => r.action !== 'user.create');
		expect(changes.map((r) => [r.action, r.actor_user_id, r.before, r.after]).sort()).toEqual([
			['user.disable', admin.id, { disabled: false }, { disabled: true, tokensRevoked: 0 }],
			['user.enable', admin.id, { disabled: true }, { disabled: false }]
		]);
	});

	it('is idempotent: disabling a disabled user writes nothing more', async () => {
		const user = await createUser(t.db, { email: 'twice@example.org', name: 'Twice', password, role: 'evaluator' });
		await setUserDisabled(t.db, user.id, true, { userId: admin.id });
		const audit = await countRows(t.db, 'audit_log');
		expect(await setUserDisabled(t.db, user.id, true, { userId: admin.id })).toBe('ok');
		expect(await countRows(t.db, 'audit_log')).toBe(audit);
	});

	it('refuses to disable one’s own account, and an unknown user', async () => {
		const audit = await countRows(t.db, 'audit_log');
		expect(await setUserDisabled(t.db, admin.id, true, { userId: admin.id })).toBe('self');
		expect(await setUserDisabled(t.db, 'nobody', true, { userId: admin.id })).toBe('not-found');
		expect(await countRows(t.db, 'audit_log')).toBe(audit);
		expect((await attemptLogin(t.db, 'admin@example.org', password)).ok).toBe(true);
	});

	it('keeps the user and their sessions when the audit row cannot be written (same transaction)', async () => {
		const user = await createUser(t.db, { email: 'kept@example.org', name: 'Kept', password, role: 'coordinator' });
		await createSession(t.db, user.id, LIMITS);
		await expect(setUserDisabled(t.db, user.id, true, { userId: 'no-such-user' })).rejects.toThrow();
		expect(await sessionCount(user.id)).toBe(1);
		expect((await listUsersWithProjects(t.db)).find((u) => u.id === user.id)?.disabled).toBe(false);
	});
});

describe('listUsersWithProjects', () => {
	it('lists every user with the projects they belong to', async () => {
		const project = await createProject(t.db, { slug: 'listed', name: 'Listed', languages: ['en'] });
		const member = await createUser(t.db, { email: 'member@example.org', name: 'Member', password, role: 'evaluator' });
		await addMember(t.db, project.id, member.id, admin.id);
		const users = await listUsersWithProjects(t.db);
		expect(users.find((u) => u.id === member.id)?.projects).toEqual([{ slug: 'listed', name: 'Listed' }]);
		expect(users.find((u) => u.id === admin.id)).toMatchObject({ role: 'admin', projects: [], disabled: false });
	});
});
