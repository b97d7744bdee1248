/**
 * Fixed-window rate limits kept in the database, so every app instance on the same database
 * counts together (a process-local counter would let N instances allow N times the limit).
 * One upsert per request: the row's window starts over when the clock has moved into a new one.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export interface RateLimitRule {
	/** Requests allowed per window. */
	limit: number;
	windowSeconds: number;
}

export interface RateLimitOutcome {
	allowed: boolean;
	/** Requests counted in the current window, this one included. */
	count: number;
	/** Seconds until the current window ends (at least 1). */
	retryAfterSeconds: number;
}

/** Where `now` falls: the current window's start (ISO) and the seconds left in it (at least 1). */
function currentWindow(rule: RateLimitRule, now: Date): { windowStart: string; retryAfterSeconds: number } {
	const windowMs = rule.windowSeconds * 1000;
	const startMs = Math.floor(now.getTime() / windowMs) * windowMs;
	return {
		windowStart: new Date(startMs).toISOString(),
		retryAfterSeconds: Math.max(1, Math.ceil((startMs + windowMs - now.getTime()) / 1000))
	};
}

/**
 * Whether one more request under `key` would be within the rule, without counting it — for limits
 * that count only some outcomes (failed attempts), with `hitRateLimit` called on those.
 */
export async function peekRateLimit(db: Kysely<Database>, key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitOutcome> {
	const { windowStart, retryAfterSeconds } = currentWindow(rule, now);
	const row = await db
		.selectFrom('rate_limits')
		.select('count')
		.where('key', '=', key)
		.where('window_start', '=', windowStart)
		.executeTakeFirst();
	const count = Number(row?.count ?? 0);
	return { allowed: count < rule.limit, count, retryAfterSeconds };
}

/** Counts one request against `key` and says whether it is within the rule. */
export async function hitRateLimit(db: Kysely<Database>, key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitOutcome> {
	const { windowStart, retryAfterSeconds } = currentWindow(rule, now);
	// In an upsert's SET every expression sees the old row, so the CASE compares the stored window.
	const row = await db
		.insertInto('rate_limits')
		.values({ key, window_start: windowStart, count: 1 })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet((eb) => ({
				count: eb
					.case()
					.when('rate_limits.window_start', '=', eb.ref('excluded.window_start'))
					.then(eb('rate_limits.count', '+', 1))
					.else(1)
					.end(),
				window_start: eb.ref('excluded.window_start')
			}))
		)
		.returning('count')
		.executeTakeFirstOrThrow();
	const count = Number(row.count);
	return { allowed: count <= rule.limit, count, retryAfterSeconds };
}
