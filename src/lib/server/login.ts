/**
 * Logging in, throttled per account: after 5 failures within 15 minutes further attempts for that
 * e-mail wait until the oldest failure leaves the window. Attempts are counted for any e-mail, so
 * the answer never reveals whether an account exists. Stored in the database, so several app
 * instances share the count.
 */
import { verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { newId } from './ids';
import { userRowToUser, type User } from './users';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export type LoginResult =
	{ ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** A fixed argon2id hash to verify against when the account does not exist, so timing reveals nothing. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$rH3XDFHNngsICWkEfpnd7w$Niu2thvlrce6VGqm7vvjJL38f+d6K6ASuv4pu26O86c';

export async function attemptLogin(db: Kysely<Database>, emailInput: string, password: string, now = new Date()): Promise<LoginResult> {
	const email = emailInput.trim().toLowerCase();
	const since = new Date(now.getTime() - WINDOW_MS).toISOString();
	const failures = await db
		.selectFrom('login_attempts')
		.select('at')
		.where('email', '=', email)
		.where('succeeded', '=', 0)
		.where('at', '>', since)
		.orderBy('at')
		.execute();
	if (failures.length >= MAX_FAILURES) {
		const oldest = Date.parse((failures[failures.length - MAX_FAILURES] as { at: string }).at);
		return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now.getTime()) / 1000)) };
	}
	const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
	const valid = await verify(row?.password_hash ?? DUMMY_HASH, password).catch(() => false);
	const succeeded = Boolean(row && valid && !row.disabled_at);
	await db
		.insertInto('login_attempts')
		.values({ id: newId(), email, at: now.toISOString(), succeeded: succeeded ? 1 : 0 })
		.execute();
	if (!succeeded || !row) return { ok: false, reason: 'invalid' };
	return { ok: true, user: userRowToUser(row) };
}
