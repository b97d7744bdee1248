/**
 * The kiosk device API: GET /api/kiosk/bundle, POST /api/kiosk/refusals and
 * POST /api/kiosk/panel-codes. Each handler authenticates the device token itself (the routes are
 * public in the guard's table) and answers JSON with `Cache-Control: no-store`.
 */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Kiosk } from './kiosks';
import { authenticateDevice } from './device-auth';
import { apiError, apiJson, isTemporaryDatabaseError, serviceUnavailable, tooManyRequests } from './api-response';
import { readJsonBody } from './json-body';
import { hitRateLimit, type RateLimitRule } from './rate-limits';
import { currentWave, getKioskBundle, localDate } from './kiosk-bundle';
import { recordConsentRefusal } from './consent-refusals';
import { DEFAULT_CODES_PER_REQUEST, MAX_CODES_PER_REQUEST, reservePanelCodes } from './panel-code-reservations';
import { listWaves } from './waves';

export interface KioskApiLimits {
	refusals: RateLimitRule;
	panelCodes: RateLimitRule;
}

export const KIOSK_API_LIMITS: KioskApiLimits = {
	refusals: { limit: 60, windowSeconds: 60 },
	// 10 requests of at most 50 codes: far more than a centre hands out, too few to drain the code space.
	panelCodes: { limit: 10, windowSeconds: 60 }
};

/** Small JSON bodies only. */
const MAX_BODY_BYTES = 4096;
/** A kiosk's clock may run a little ahead of the server's. */
const CLOCK_SKEW_MS = 10 * 60_000;

/** Runs `handle` for an authenticated kiosk; a busy or full database is a 503 the kiosk retries. */
async function asKiosk(db: Kysely<Database>, request: Request, handle: (kiosk: Kiosk) => Promise<Response>): Promise<Response> {
	try {
		const auth = await authenticateDevice(db, request);
		return auth.ok ? await handle(auth.kiosk) : auth.response;
	} catch (error) {
		if (isTemporaryDatabaseError(error)) return serviceUnavailable();
		throw error;
	}
}

async function overLimit(db: Kysely<Database>, key: string, rule: RateLimitRule): Promise<Response | undefined> {
	const outcome = await hitRateLimit(db, key, rule);
	return outcome.allowed ? undefined : tooManyRequests(outcome.retryAfterSeconds);
}

function invalid(error: z.ZodError): Response {
	const issues = error.issues.map((issue) => ({
		path: issue.path.map(String).join('.') || '(body)',
		message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message
	}));
	const first = issues[0] as { path: string; message: string };
	return apiError(422, 'invalid', `${first.path}: ${first.message}`, { path: first.path, issues });
}

/** GET /api/kiosk/bundle */
export function handleBundleRequest(db: Kysely<Database>, request: Request, today = localDate()): Promise<Response> {
	return asKiosk(db, request, async (kiosk) => apiJson(await getKioskBundle(db, kiosk, today)));
}

const refusalSchema = z.strictObject({
	id: z.uuid({ error: 'must be a UUID' }).optional(),
	waveId: z.string().min(1).max(100).nullable().optional(),
	at: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp' }).optional()
});

/** POST /api/kiosk/refusals: `{ id?, waveId?, at? }` (all optional) → `{ id, at, replay }`. */
export function handleRefusalRequest(db: Kysely<Database>, request: Request, limits = KIOSK_API_LIMITS): Promise<Response> {
	return asKiosk(db, request, async (kiosk) => {
		const limited = await overLimit(db, `refusals:kiosk:${kiosk.id}`, limits.refusals);
		if (limited) return limited;
		const body = await readJsonBody(request, { maxBytes: MAX_BODY_BYTES, optional: true });
		if (!body.ok) return body.response;
		const parsed = refusalSchema.safeParse(body.value);
		if (!parsed.success) return invalid(parsed.error);
		const at = parsed.data.at === undefined ? undefined : new Date(parsed.data.at).toISOString();
		if (at !== undefined && Date.parse(at) > Date.now() + CLOCK_SKEW_MS) {
			return apiError(422, 'invalid', 'at: is in the future', { path: 'at' });
		}
		let waveId = parsed.data.waveId;
		if (waveId === undefined) {
			waveId = currentWave(await listWaves(db, kiosk.projectId), localDate())?.id ?? null;
		} else if (waveId !== null) {
			const wave = await db.selectFrom('waves').select('project_id').where('id', '=', waveId).executeTakeFirst();
			if (!wave) return apiError(404, 'not_found', `wave '${waveId}' does not exist`, { path: 'waveId' });
			if (wave.project_id !== kiosk.projectId) {
				return apiError(403, 'forbidden', "This wave belongs to another project than this kiosk's", { path: 'waveId' });
			}
		}
		return apiJson(await recordConsentRefusal(db, kiosk, { id: parsed.data.id, waveId, at }));
	});
}

const panelCodesSchema = z.strictObject({
	count: z
		.number()
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(MAX_CODES_PER_REQUEST, `must be at most ${MAX_CODES_PER_REQUEST}`)
		.optional()
});

/** POST /api/kiosk/panel-codes: `{ count? }` (default 10, at most 50) → `{ codes }`. */
export function handlePanelCodesRequest(db: Kysely<Database>, request: Request, limits = KIOSK_API_LIMITS): Promise<Response> {
	return asKiosk(db, request, async (kiosk) => {
		const limited = await overLimit(db, `panel-codes:kiosk:${kiosk.id}`, limits.panelCodes);
		if (limited) return limited;
		const body = await readJsonBody(request, { maxBytes: MAX_BODY_BYTES, optional: true });
		if (!body.ok) return body.response;
		const parsed = panelCodesSchema.safeParse(body.value);
		if (!parsed.success) return invalid(parsed.error);
		const codes = await reservePanelCodes(
			db,
			{ projectId: kiosk.projectId, kioskId: kiosk.id },
			parsed.data.count ?? DEFAULT_CODES_PER_REQUEST
		);
		return apiJson({ codes });
	});
}
