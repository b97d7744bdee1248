/** Staff accounts. Passwords are hashed with argon2id (OWASP's m=19456 KiB, t=2, p=1). */
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database, Role, UserRow } from './db/schema';
import { recordAudit } from './audit';
import { newId, nowIso } from './ids';

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

export class UserInputError extends Error {}

export async function createUser(db: Kysely<Database>, input: NewUser, actorLabel = 'system'): Promise<User> {
	const email = input.email.trim().toLowerCase();
	if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UserInputError(`'${input.email}' is not an e-mail address`);
	if (input.password.length < 12) throw new UserInputError('the password must be at least 12 characters');
	const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
	if (taken) throw new UserInputError(`a user with e-mail ${email} already exists`);
	const passwordHash = await hashPassword(input.password);
	const now = nowIso();
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('users')
			.values({
				id: newId(),
				email,
				name: input.name,
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
			actorLabel,
			action: 'user.create',
			entityType: 'user',
			entityId: row.id,
			after: { email, name: input.name, role: input.role }
		});
		return userRowToUser(row);
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
	if ((await countUsers(db)) > 0) return undefined;
	const email = fromEnv.email ?? 'admin@localhost';
	const generated = !fromEnv.password;
	const password = fromEnv.password ?? generatePassword();
	await createUser(db, { email, name: 'Administrator', password, role: 'admin' });
	return { email, password, generated };
}
