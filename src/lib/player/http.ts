/**
 * Network helpers shared by the kiosk and interviewer shells. Timeouts matter: on Wi-Fi that comes
 * and goes a request can hang for minutes, holding up the outbox behind it.
 */
import type { Reply } from './delivery';

const TIMEOUT_MS = 30_000;

/** Reads status, type, JSON body (when it is JSON) and Retry-After of a reply. */
export async function readReply(response: Response): Promise<Reply> {
	const contentType = response.headers.get('content-type');
	let body: unknown = undefined;
	if (contentType?.toLowerCase().includes('application/json')) {
		try {
			body = await response.json();
		} catch {
			body = undefined;
		}
	}
	return { status: response.status, contentType, body, retryAfter: response.headers.get('retry-after') };
}

/** POSTs JSON and reads the reply; throws on a network failure or timeout. */
export async function postJson(
	url: string,
	body: unknown,
	init: { token?: string | null; credentials: RequestCredentials }
): Promise<Reply> {
	const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
	if (init.token) headers.authorization = `Bearer ${init.token}`;
	const response = await fetch(url, {
		method: 'POST',
		headers,
		body: JSON.stringify(body),
		credentials: init.credentials,
		cache: 'no-store',
		signal: AbortSignal.timeout(TIMEOUT_MS)
	});
	return readReply(response);
}
