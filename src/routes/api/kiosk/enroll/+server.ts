/**
 * A tablet exchanges its one-time enrollment code for a device token:
 * POST {"code": "ABCD-EFGH"} → 200 {"token", "kiosk": {…}}; errors are JSON `{ error: { code, message } }`.
 */
import { json } from '@sveltejs/kit';
import { enrollKiosk, type EnrollmentError } from '$lib/server/kiosks';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '$lib/server/rate-limits';
import { tooManyRequests } from '$lib/server/api-response';
import type { RequestHandler } from './$types';

/**
 * Wrong codes per client address: plenty for mistyping, far too few to guess a code (8 characters
 * of 31, valid for 72 hours). Codes that work are not counted, so a room of tablets can enroll at
 * once. Behind a proxy, set ADDRESS_HEADER (see the README).
 */
const WRONG_CODES: RateLimitRule = { limit: 60, windowSeconds: 600 };

/** A code is nine characters; anything much longer is not an enrollment request. */
const MAX_BODY_BYTES = 1024;

const FAILURES: Record<EnrollmentError, { status: number; message: string }> = {
	invalid_code: { status: 400, message: 'An enrollment code has 8 letters and digits, like ABCD-EFGH' },
	unknown_code: { status: 404, message: 'This enrollment code is not known or has already been used; ask the coordinator for a new one' },
	expired_code: { status: 400, message: 'This enrollment code has expired; ask the coordinator to issue a new one' }
};

function failure(status: number, code: string, message: string, path?: string): Response {
	return json({ error: { code, message, ...(path ? { path } : {}) } }, { status, headers: { 'cache-control': 'no-store' } });
}

export const POST: RequestHandler = async ({ request, locals, getClientAddress }) => {
	const address = getClientAddress();
	const limitKey = `enroll:wrong-code:${address}`;
	const rate = await peekRateLimit(locals.db, limitKey, WRONG_CODES);
	if (!rate.allowed) return tooManyRequests(rate.retryAfterSeconds, address);
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return failure(413, 'too_large', 'Request body too large');
	const text = await request.text();
	if (text.length > MAX_BODY_BYTES) return failure(413, 'too_large', 'Request body too large');
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return failure(400, 'invalid_json', 'The request body is not valid JSON');
	}
	const code = (body as { code?: unknown } | null)?.code;
	if (typeof code !== 'string') return failure(400, 'invalid_code', 'Send {"code": "ABCD-EFGH"}', 'code');

	const result = await enrollKiosk(locals.db, code);
	if (!result.ok) {
		await hitRateLimit(locals.db, limitKey, WRONG_CODES);
		const { status, message } = FAILURES[result.error];
		return failure(status, result.error, message, 'code');
	}
	return json({ token: result.token, kiosk: result.kiosk }, { headers: { 'cache-control': 'no-store' } });
};
