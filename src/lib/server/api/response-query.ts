/**
 * The query of `GET /api/v1/projects/{slug}/responses` and its opaque cursor. Pure.
 *
 * A listing is a snapshot: its first page fixes `asOf` (the server's clock less a few seconds, so
 * a submission still being written when the page was read cannot slip in behind the cursor), and
 * every later page carries it in the cursor with the filters and the last row's position
 * (`receivedAt`, `id`). Rows received after `asOf` belong to the next listing: a client passes
 * `asOf` as `updated_since` next time and so misses nothing and sees nothing twice in one listing.
 *
 * Parameters are named as the export downloads name theirs (`wave`, `key`, `panel_codes`): the
 * same `key` gives the same respondent pseudonyms here as in exported files.
 */
import { z } from 'zod';
import { apiError } from '../api-response';
import { PSEUDONYM_KEY_PATTERN } from '../../exports/options';
import { keyFingerprint } from '../exports/pseudonym';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
/** How far behind the clock a listing stays: longer than any submission takes to commit. */
export const SETTLE_MS = 2000;

export interface ResponseFilter {
	waveId: string | null;
	siteId: string | null;
	/** ISO-8601 UTC: only responses received or changed at or after this time. */
	updatedSince: string | null;
}

export interface ResponseCursor {
	asOf: string;
	filter: ResponseFilter;
	/** Fingerprint of the pseudonym key: pages of one listing use one key. */
	keyFingerprint: string;
	/** The last row returned. */
	after: { receivedAt: string; id: string };
}

export interface ResponseQuery {
	asOf: string;
	filter: ResponseFilter;
	after: ResponseCursor['after'] | null;
	limit: number;
	/** The pseudonym key (as for exports): respondents appear as HMAC pseudonyms under it. */
	key: string;
	/** Show panel codes (admins only; checked by the caller). */
	panelCodes: boolean;
}

export interface QueryProblem {
	status: 400 | 403;
	code: 'invalid_parameter' | 'invalid_cursor' | 'key_required' | 'panel_codes_forbidden';
	message: string;
	/** The query parameter at fault. */
	path: string;
}

export function problemResponse(problem: QueryProblem): Response {
	return apiError(problem.status, problem.code, problem.message, { path: problem.path });
}

const isoTimestamp = z.iso.datetime({ offset: true });
const cursorSchema = z.strictObject({
	v: z.literal(1),
	asOf: isoTimestamp,
	wave: z.string().nullable(),
	site: z.string().nullable(),
	since: isoTimestamp.nullable(),
	k: z.string().min(1),
	r: isoTimestamp,
	i: z.string().min(1)
});

export function encodeCursor(cursor: ResponseCursor): string {
	const { asOf, filter, after } = cursor;
	const payload = {
		v: 1,
		asOf,
		wave: filter.waveId,
		site: filter.siteId,
		since: filter.updatedSince,
		k: cursor.keyFingerprint,
		r: after.receivedAt,
		i: after.id
	};
	return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(text: string): ResponseCursor | undefined {
	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	const parsed = cursorSchema.safeParse(payload);
	if (!parsed.success) return undefined;
	const { asOf, wave, site, since, k, r, i } = parsed.data;
	return { asOf, filter: { waveId: wave, siteId: site, updatedSince: since }, keyFingerprint: k, after: { receivedAt: r, id: i } };
}

function problem(
	code: 'invalid_parameter' | 'invalid_cursor' | 'key_required',
	path: string,
	message: string
): { ok: false; problem: QueryProblem } {
	return { ok: false, problem: { status: 400, code, path, message } };
}

/** A yes/no parameter as the export downloads read theirs: 1/true/on or 0/false/empty. */
function parseFlag(value: string | null): boolean | undefined {
	if (value === null || value === '' || value === '0' || value === 'false') return false;
	if (value === '1' || value === 'true' || value === 'on') return true;
	return undefined;
}

/** The query of a request's parameters, or the first problem with them (naming the parameter). */
export function parseResponseQuery(
	params: URLSearchParams,
	now = new Date()
): { ok: true; query: ResponseQuery } | { ok: false; problem: QueryProblem } {
	const limitText = params.get('limit');
	const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
		return problem('invalid_parameter', 'limit', `limit must be a whole number from 1 to ${MAX_LIMIT}`);
	}
	const panelCodes = parseFlag(params.get('panel_codes'));
	if (panelCodes === undefined) return problem('invalid_parameter', 'panel_codes', 'panel_codes must be 1 or 0');
	const key = params.get('key') ?? '';
	if (key === '') {
		return problem(
			'key_required',
			'key',
			'key is required: 16 to 64 letters, digits, _ or -, your pseudonym key. The same key gives the same respondent pseudonyms on every page, every call and in exports made with it'
		);
	}
	if (!PSEUDONYM_KEY_PATTERN.test(key)) return problem('invalid_parameter', 'key', 'key must be 16 to 64 letters, digits, _ or -');
	const sinceText = params.get('updated_since');
	if (sinceText !== null && !isoTimestamp.safeParse(sinceText).success) {
		return problem(
			'invalid_parameter',
			'updated_since',
			'updated_since must be an ISO-8601 timestamp with a time zone, e.g. 2026-03-01T00:00:00Z'
		);
	}
	const filter: ResponseFilter = {
		waveId: params.get('wave') || null,
		siteId: params.get('site') || null,
		updatedSince: sinceText === null ? null : new Date(sinceText).toISOString()
	};
	const base = { limit, key, panelCodes };

	const cursorText = params.get('cursor');
	if (cursorText === null || cursorText === '') {
		return { ok: true, query: { ...base, asOf: new Date(now.getTime() - SETTLE_MS).toISOString(), filter, after: null } };
	}
	const cursor = decodeCursor(cursorText);
	if (!cursor) return problem('invalid_cursor', 'cursor', 'This cursor is not one the server gave out; start again without a cursor');
	if (cursor.keyFingerprint !== keyFingerprint(key)) {
		return problem('invalid_cursor', 'key', 'This cursor was made with another key; use the same key on every page of a listing');
	}
	// Filters may be repeated with the cursor, or left out; changed ones would make the pages disagree.
	for (const [name, key] of [
		['wave', 'waveId'],
		['site', 'siteId'],
		['updated_since', 'updatedSince']
	] as const) {
		if (params.has(name) && filter[key] !== cursor.filter[key]) {
			return problem(
				'invalid_cursor',
				name,
				`This cursor was made with another ${name}; keep the filters of the first page or start again`
			);
		}
	}
	return { ok: true, query: { ...base, asOf: cursor.asOf, filter: cursor.filter, after: cursor.after } };
}
