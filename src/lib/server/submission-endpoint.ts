/**
 * POST /api/v1/submissions: a kiosk (device token) or a logged-in coordinator sends one response.
 * The answer to each request, in order of precedence: who is sending (401/403) → rate limit per
 * device, never per IP (429) → the body (415/413/400) → what this sender may submit (403) →
 * `recordSubmission`, which validates against the exact instrument version and is idempotent on
 * the client's UUID (422/404/409). Every answer is JSON; bad input never reaches a 500.
 *
 * Every request counts against the rate limit once. An accepted submission is counted in its own
 * write transaction (one commit per submission, not two); a refused one separately, and then the
 * 429 wins over the refusal when the device is over its limit.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { User } from './users';
import type { Kiosk } from './kiosks';
import { recordSubmissionWithinLimit, SubmissionError, type RateLimitHit } from './responses';
import { isMember } from './members';
import { hitRateLimit, type RateLimitRule } from './rate-limits';
import { readJsonBody } from './json-body';
import { authenticateDeviceToken, bearerToken } from './device-auth';
import { isApiToken } from './api-tokens';
import { apiError, apiJson, isTemporaryDatabaseError, serviceUnavailable, tooManyRequests } from './api-response';

export interface SubmissionLimits {
	/** Largest body accepted: a demo-wave response is about 3 KB, a long free-text one well under 100 KB. */
	maxBodyBytes: number;
	/** Per kiosk or interviewer; an outbox sends one at a time, so a backlog drains at this pace. */
	rate: RateLimitRule;
}

export const SUBMISSION_LIMITS: SubmissionLimits = { maxBodyBytes: 256 * 1024, rate: { limit: 60, windowSeconds: 60 } };

type Collector = { kind: 'kiosk'; kiosk: Kiosk } | { kind: 'interviewer'; user: User };

const STATUS: Record<SubmissionError['code'], number> = { invalid: 422, not_found: 404, conflict: 409 };

/** Handles one submission request; `user` is the session's staff user, if any. */
export async function handleSubmissionRequest(
	db: Kysely<Database>,
	request: Request,
	user: User | undefined,
	limits: SubmissionLimits = SUBMISSION_LIMITS
): Promise<Response> {
	try {
		const collector = await identifyCollector(db, request, user);
		if (collector instanceof Response) return collector;
		const limit: RateLimitHit = {
			key: collector.kind === 'kiosk' ? `submit:kiosk:${collector.kiosk.id}` : `submit:user:${collector.user.id}`,
			rule: limits.rate
		};
		const answer = await receiveSubmission(db, request, collector, limit, limits.maxBodyBytes);
		if (answer.counted) return answer.response;
		const rate = await hitRateLimit(db, limit.key, limit.rule);
		return rate.allowed ? answer.response : tooManyRequests(rate.retryAfterSeconds);
	} catch (error) {
		if (isTemporaryDatabaseError(error)) return serviceUnavailable();
		throw error;
	}
}

/** The answer to a collector's request; `counted` when the write transaction counted it against the rate limit. */
async function receiveSubmission(
	db: Kysely<Database>,
	request: Request,
	collector: Collector,
	limit: RateLimitHit,
	maxBodyBytes: number
): Promise<{ response: Response; counted: boolean }> {
	const body = await readJsonBody(request, { maxBytes: maxBodyBytes });
	if (!body.ok) return { response: body.response, counted: false };
	const input = await scopeToCollector(db, collector, body.value);
	if (input instanceof Response) return { response: input, counted: false };
	try {
		const outcome = await recordSubmissionWithinLimit(db, input, limit);
		if ('limited' in outcome) return { response: tooManyRequests(outcome.limited.retryAfterSeconds), counted: true };
		const receipt = { id: outcome.id, receivedAt: outcome.receivedAt, status: outcome.status, replay: outcome.replay };
		return { response: apiJson(receipt), counted: true };
	} catch (error) {
		if (!(error instanceof SubmissionError)) throw error;
		const response = apiError(STATUS[error.code], error.code, error.message, { path: error.path, issues: error.issues });
		return { response, counted: false };
	}
}

/**
 * A kiosk when the request carries a device token, else the staff user allowed to interview —
 * logged in, or sending a write API token (the hooks have authenticated that one as `user`).
 */
async function identifyCollector(db: Kysely<Database>, request: Request, user: User | undefined): Promise<Collector | Response> {
	const token = bearerToken(request);
	if (token !== undefined && !isApiToken(token)) {
		const auth = await authenticateDeviceToken(db, token);
		return auth.ok ? { kind: 'kiosk', kiosk: auth.kiosk } : auth.response;
	}
	if (!user) {
		return apiError(
			401,
			'unauthenticated',
			"Send a kiosk device token (Authorization: Bearer <token>) or a coordinator's write API token, or log in as a coordinator",
			{
				headers: { 'www-authenticate': 'Bearer realm="anju-kiosk"' }
			}
		);
	}
	if (user.disabled || (user.role !== 'coordinator' && user.role !== 'admin')) {
		return apiError(403, 'forbidden', 'Only coordinators and admins can submit interviews');
	}
	return { kind: 'interviewer', user };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body with the collector's fields forced (a kiosk cannot pose as an interviewer or another
 * kiosk), or a 403 when it names a site or wave this collector may not submit to. A body that is
 * not an object passes through for `recordSubmission` to refuse with its own message.
 */
async function scopeToCollector(db: Kysely<Database>, collector: Collector, body: unknown): Promise<unknown> {
	if (!isRecord(body)) return body;
	const waveProject =
		typeof body.waveId === 'string'
			? (await db.selectFrom('waves').select('project_id').where('id', '=', body.waveId).executeTakeFirst())?.project_id
			: undefined;
	if (collector.kind === 'kiosk') {
		const { kiosk } = collector;
		if (body.siteId !== undefined && body.siteId !== kiosk.siteId) {
			return apiError(403, 'forbidden', 'This kiosk is enrolled at another site and can only submit for its own site', { path: 'siteId' });
		}
		if (waveProject !== undefined && waveProject !== kiosk.projectId) {
			return apiError(403, 'forbidden', "This wave belongs to another project than this kiosk's", { path: 'waveId' });
		}
		return { ...body, siteId: kiosk.siteId, mode: 'kiosk', kioskId: kiosk.id, interviewerId: null };
	}
	const { user } = collector;
	if (waveProject !== undefined && user.role !== 'admin' && !(await isMember(db, waveProject, user.id))) {
		return apiError(403, 'forbidden', "You are not a coordinator of this wave's project", { path: 'waveId' });
	}
	return { ...body, mode: 'interviewer', interviewerId: user.id, kioskId: null };
}
