/**
 * JSON answers of the device and submission APIs. Every one carries `Cache-Control: no-store`:
 * a receipt or a bundle held by a proxy or the browser cache would be wrong for the next request.
 */
import { json } from '@sveltejs/kit';

export interface ApiErrorBody {
	error: {
		code: string;
		message: string;
		/** Where in the request: `siteId`, `answers.who5_1`, … */
		path?: string;
		/** Every problem found, when there are several. */
		issues?: { path: string; message: string }[];
	};
}

export interface ApiErrorOptions {
	path?: string;
	issues?: { path: string; message: string }[];
	headers?: Record<string, string>;
}

export function apiJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return json(data, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** An API error: `{ error: { code, message, path? } }` with its status. */
export function apiError(status: number, code: string, message: string, options: ApiErrorOptions = {}): Response {
	const body: ApiErrorBody = {
		error: {
			code,
			message,
			...(options.path !== undefined ? { path: options.path } : {}),
			...(options.issues && options.issues.length > 0 ? { issues: options.issues } : {})
		}
	};
	return apiJson(body, status, options.headers);
}

/** 429 with the seconds to wait, as a header and in the message. */
export function tooManyRequests(retryAfterSeconds: number, from = 'this device'): Response {
	return apiError(429, 'rate_limited', `Too many requests from ${from}; try again in ${retryAfterSeconds} s`, {
		headers: { 'retry-after': String(retryAfterSeconds) }
	});
}

/**
 * The database cannot take writes right now (disk full, locked, I/O error): the client should keep
 * its data and retry. SQLite's codes, and PostgreSQL's SQLSTATEs for the same: class 53
 * (insufficient resources: 53100 disk full), class 08 (connection lost), 57P01–57P03 (shutting
 * down, starting up), 40001/40P01 (serialization failure, deadlock).
 */
export function isTemporaryDatabaseError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /^(SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY)|53...$|08...$|57P0[123]$|40001$|40P01$)/.test(code);
}

/** Seconds a client waits before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 30;

export function serviceUnavailable(): Response {
	return apiError(503, 'unavailable', 'The server cannot store data right now; keep it and try again later', {
		headers: { 'retry-after': String(RETRY_AFTER_SECONDS) }
	});
}
