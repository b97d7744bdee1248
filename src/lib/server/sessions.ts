/**
 * Staff sessions. The token (256 random bits) lives only in the browser's cookie; the database
 * keeps its SHA-256, so a leaked database does not leak live sessions. A session ends after
 * `idle` without requests or `max` after login, at logout, and at a password change.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { sha256 } from './kiosks';
import { userRowToUser, type User } from './users';

export const SESSION_COOKIE = 'anju_session';

export interface SessionLimits {
	idleMs: number;
	maxMs: number;
}

/** How often last_seen_at is written: not on every request, but well within the idle limit. */
const TOUCH_EVERY_MS = 60_000;

export interface NewSession {
	token: string;
	expiresAt: Date;
}

export async function createSession(db: Kysely<Database>, userId: string, limits: SessionLimits, now = new Date()): Promise<NewSession> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + limits.maxMs);
	await db
		.insertInto('sessions')
		.values({
			id: sha256(token),
			user_id: userId,
			created_at: now.toISOString(),
			last_seen_at: now.toISOString(),
			expires_at: expiresAt.toISOString()
		})
		.execute();
	return { token, expiresAt };
}

/** The session's user, or undefined when the token is unknown, expired (idle or absolute) or the user disabled. */
export async function validateSession(
	db: Kysely<Database>,
	token: string,
	limits: SessionLimits,
	now = new Date()
): Promise<User | undefined> {
	const id = sha256(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.selectAll('users')
		.select(['sessions.last_seen_at as session_last_seen', 'sessions.expires_at as session_expires'])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	const lastSeen = Date.parse(row.session_last_seen);
	if (now.getTime() >= Date.parse(row.session_expires) || now.getTime() - lastSeen >= limits.idleMs || row.disabled_at) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return undefined;
	}
	if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
		await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
	}
	return userRowToUser(row);
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

/** Ends every session of a user (password change, disabling). */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
