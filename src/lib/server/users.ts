/** Staff accounts. Passwords are hashed with argon2id (OWASP's m=19456 KiB, t=2, p=1). */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database, Role, UserRow } from './db/schema';
import { actorFields, recordAudit, type Actor } from './audit';
import { deleteUserSessions } from './sessions';
import { revokeAllApiTokens } from './api-tokens';
import { newId, nowIso } from './ids';
import { withWriteRetry } from './db/create-db';

export interface User {
	id: string;
	email: string;
	name: string;
	role: Role;
	locale: string;
	disabled: boolean;
}

export function userRowToUser(row: UserRow): User {
	return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, disabled: row.disabled_at !== null };
}

const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 /* argon2id */ } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

/** A strong random password (120 bits), readable enough to type once. */
export function generatePassword(): string {
	return randomBytes(15).toString('base64url');
}

export interface NewUser {
	email: string;
	name: string;
	password: string;
	role: Role;
	locale?: string;
}

export const ROLES: readonly Role[] = ['admin', 'coordinator', 'evaluator'];
export const PASSWORD_MIN = 12;
export const USER_NAME_MAX = 200;

export type UserField = 'email' | 'name' | 'role' | 'password';
export type UserErrorCode = 'required' | 'format' | 'taken' | 'too_short' | 'too_long';
export type UserErrors = Partial<Record<UserField, UserErrorCode>>;

/** Invalid user input: `message` for people at a terminal, `errors` per field for forms. */
export class UserInputError extends Error {
	constructor(
		message: string,
		readonly errors: UserErrors = {}
	) {
		super(message);
	}
}

/** Creates a user, or throws UserInputError naming every invalid field (nothing is written then). */
export async function createUser(db: Kysely<Database>, input: NewUser, actor: Actor = 'system'): Promise<User> {
	const email = input.email.trim().toLowerCase();
	const name = input.name.trim();
	const problems: [UserField, UserErrorCode, string][] = [];
	if (!/^[^@\s]+@[^@\s]+$/.test(email)) problems.push(['email', 'format', `'${input.email}' is not an e-mail address`]);
	else if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
		problems.push(['email', 'taken', `a user with e-mail ${email} already exists`]);
	if (name === '') problems.push(['name', 'required', 'the name is required']);
	else if (name.length > USER_NAME_MAX) problems.push(['name', 'too_long', `the name must be at most ${USER_NAME_MAX} characters`]);
	if (!ROLES.includes(input.role)) problems.push(['role', 'format', `the role must be one of ${ROLES.join(', ')}`]);
	if (input.password.length < PASSWORD_MIN)
		problems.push(['password', 'too_short', `the password must be at least ${PASSWORD_MIN} characters`]);
	if (problems.length > 0) {
		throw new UserInputError(
			problems.map(([, , message]) => message).join('; '),
			Object.fromEntries(problems.map(([field, code]) => [field, code]))
		);
	}
	const passwordHash = await hashPassword(input.password);
	const now = nowIso();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('users')
			.values({
				id: newId(),
				email,
				name,
				password_hash: passwordHash,
				role: input.role,
				locale: input.locale ?? 'zh-Hans',
				disabled_at: null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'user.create',
			entityType: 'user',
			entityId: row.id,
			after: { email, name, role: input.role }
		});
		return userRowToUser(row);
	});
}

/**
 * Creates a user from the admin form: an empty password is replaced by a generated one, returned
 * here so it can be shown once and never again (only its hash is stored).
 */
export async function createUserAccount(
	db: Kysely<Database>,
	input: NewUser,
	actor: Actor
): Promise<{ user: User; generatedPassword: string | null }> {
	const generatedPassword = input.password === '' ? generatePassword() : null;
	const user = await createUser(db, { ...input, password: generatedPassword ?? input.password }, actor);
	return { user, generatedPassword };
}

/**
 * Disables a user (every session ends in the same transaction, so the next request is logged out)
 * or enables them again; audited. Nobody disables their own account: an admin cannot lock
 * themselves out, and so one admin always remains.
 */
export async function setUserDisabled(
	db: Kysely<Database>,
	userId: string,
	disabled: boolean,
	actor: Actor
): Promise<'ok' | 'self' | 'not-found'> {
	if (disabled && typeof actor !== 'string' && actor.userId === userId) return 'self';
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('users').select('disabled_at').where('id', '=', userId).executeTakeFirst();
		if (!row) return 'not-found';
		if ((row.disabled_at !== null) === disabled) return 'ok';
		const now = nowIso();
		await trx
			.updateTable('users')
			.set({ disabled_at: disabled ? now : null, updated_at: now })
			.where('id', '=', userId)
			.execute();
		// A disabled user's sessions end and their API tokens are revoked: enabling them again gives neither back.
		let tokensRevoked = 0;
		if (disabled) {
			await deleteUserSessions(trx, userId);
			tokensRevoked = await revokeAllApiTokens(trx, userId, now);
		}
		await recordAudit(trx, {
			...actorFields(actor),
			action: disabled ? 'user.disable' : 'user.enable',
			entityType: 'user',
			entityId: userId,
			before: { disabled: !disabled },
			after: disabled ? { disabled, tokensRevoked } : { disabled }
		});
		return 'ok';
	});
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * On an empty user table, creates the first admin from ANJU_ADMIN_EMAIL / ANJU_ADMIN_PASSWORD, or
 * with admin@localhost and a generated password. Returns the credentials to print once, or
 * undefined when users already exist.
 */
export async function ensureFirstAdmin(
	db: Kysely<Database>,
	fromEnv: { email?: string; password?: string }
): Promise<{ email: string; password: string; generated: boolean } | undefined> {
	// Instances starting at once on one PostgreSQL database: the loser of the race (a unique email) runs again and finds the admin.
	return withWriteRetry(async () => {
		if ((await countUsers(db)) > 0) return undefined;
		const email = fromEnv.email ?? 'admin@localhost';
		const generated = !fromEnv.password;
		const password = fromEnv.password ?? generatePassword();
		await createUser(db, { email, name: 'Administrator', password, role: 'admin' });
		return { email, password, generated };
	});
}

/** Changes a user's password after checking the current one; every session of the user ends at once. */
export async function changePassword(
	db: Kysely<Database>,
	userId: string,
	current: string,
	next: string
): Promise<'ok' | 'wrong-current' | 'too-short'> {
	const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
	if (!(await verify(row.password_hash, current).catch(() => false))) return 'wrong-current';
	if (next.length < 12) return 'too-short';
	const passwordHash = await hashPassword(next);
	const now = nowIso();
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
			.where('id', '=', userId)
			.execute();
		await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
		await recordAudit(trx, { actorUserId: userId, action: 'user.password_change', entityType: 'user', entityId: userId });
	});
	return 'ok';
}

export async function setUserLocale(db: Kysely<Database>, userId: string, locale: string): Promise<void> {
	await db.updateTable('users').set({ locale, updated_at: nowIso() }).where('id', '=', userId).execute();
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
	return (await db.selectFrom('users').selectAll().orderBy('email').execute()).map(userRowToUser);
}

export interface UserWithProjects extends User {
	projects: { slug: string; name: string }[];
}

/** Every user with the projects they are a member of (admins see all projects without membership). */
export async function listUsersWithProjects(db: Kysely<Database>): Promise<UserWithProjects[]> {
	const [users, memberships] = await Promise.all([
		listUsers(db),
		db
			.selectFrom('project_members')
			.innerJoin('projects', 'projects.id', 'project_members.project_id')
			.select(['project_members.user_id', 'projects.slug', 'projects.name'])
			.orderBy('projects.name')
			.execute()
	]);
	return users.map((user) => ({
		...user,
		projects: memberships.filter((m) => m.user_id === user.id).map(({ slug, name }) => ({ slug, name }))
	}));
}
