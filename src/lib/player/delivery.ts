/**
 * What a reply to an outbox send means, and when to try again. Pure: the sender reads the reply
 * and acts on the verdict. Only the JSON receipt that echoes the item's UUID counts as delivered —
 * a captive portal's "200 OK" sign-in page is not a receipt.
 */

export type OutboxKind = 'response' | 'refusal';

export interface Reply {
	status: number;
	contentType: string | null;
	/** The parsed JSON body, or undefined when the body is not JSON. */
	body: unknown;
	retryAfter: string | null;
}

export type Verdict =
	| { kind: 'delivered' }
	/** The server read the item and refused it for good (conflict, invalid): keep it aside, never resend. */
	| { kind: 'rejected'; status: number; code: string; message: string }
	/** The device or user is not allowed (revoked kiosk, expired session): keep the item, stop sending. */
	| { kind: 'unauthorized'; code: string }
	| { kind: 'retry'; reason: string; afterMs?: number };

export const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 2_000;

/** Statuses that say "not now" rather than "never". */
const TRANSIENT = new Set([408, 425, 429]);

function apiError(body: unknown): { code: string; message: string } | undefined {
	const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
	if (!error || typeof error.code !== 'string') return undefined;
	return { code: error.code, message: typeof error.message === 'string' ? error.message : '' };
}

export function judgeReply(id: string, reply: Reply): Verdict {
	const json = reply.contentType?.toLowerCase().includes('application/json') === true && reply.body !== undefined;
	if (reply.status >= 200 && reply.status < 300) {
		if (!json) return { kind: 'retry', reason: `HTTP ${reply.status} without a JSON receipt` };
		// Responses and refusals alike are idempotent on their id, and their receipts echo it.
		return (reply.body as { id?: unknown } | null)?.id === id
			? { kind: 'delivered' }
			: { kind: 'retry', reason: 'the reply does not echo the response id' };
	}
	const error = json ? apiError(reply.body) : undefined;
	const afterMs = parseRetryAfter(reply.retryAfter);
	if (!error) return { kind: 'retry', reason: `HTTP ${reply.status}`, ...(afterMs === undefined ? {} : { afterMs }) };
	// A revoked device or an expired session stops all sending; a 403 about one item (another
	// site's or project's wave) sets that item aside like any other refusal.
	if (reply.status === 401 || (reply.status === 403 && error.code === 'kiosk_revoked')) return { kind: 'unauthorized', code: error.code };
	if (reply.status >= 400 && reply.status < 500 && !TRANSIENT.has(reply.status))
		return { kind: 'rejected', status: reply.status, code: error.code, message: error.message };
	return { kind: 'retry', reason: `HTTP ${reply.status} ${error.code}`, ...(afterMs === undefined ? {} : { afterMs }) };
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
	const at = Date.parse(value);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Wait before attempt `attempts + 1`: 2 s doubling, capped at 5 minutes, jittered down by up to
 * half so that a centre's kiosks coming back online together do not send in lock-step. A server's
 * Retry-After is honoured up to the same cap.
 */
export function backoffMs(attempts: number, random: number, retryAfterMs?: number): number {
	const exponential = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
	const jittered = Math.round(exponential * (0.5 + random / 2));
	return Math.min(MAX_BACKOFF_MS, Math.max(jittered, retryAfterMs ?? 0));
}
