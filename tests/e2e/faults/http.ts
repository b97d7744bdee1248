/**
 * HTTP as the fault tests need it: every request on a connection of its own (`agent: false`), so
 * concurrent replays really arrive on separate connections, and bodies sent exactly as given —
 * raw bytes, a declared length, or chunked without Content-Length.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface HttpReply {
	status: number;
	headers: IncomingHttpHeaders;
	/** The body as received, byte for byte. */
	bytes: Buffer;
	text: string;
	json: () => unknown;
}

export interface RawPost {
	headers?: Record<string, string>;
	/** Sent in one write with its Content-Length, unless `chunks` is set. */
	body?: string | Uint8Array;
	/** Sent one write each with `Transfer-Encoding: chunked` and no Content-Length. */
	chunks?: (string | Uint8Array)[];
}

/** POSTs to `url` on a new connection and reads the whole reply. */
export function post(url: string, { headers = {}, body, chunks }: RawPost = {}): Promise<HttpReply> {
	return new Promise((resolve, reject) => {
		const outgoing = request(url, { method: 'POST', agent: false, headers }, (response) => {
			const parts: Buffer[] = [];
			response.on('data', (chunk: Buffer) => parts.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const bytes = Buffer.concat(parts);
				const text = bytes.toString('utf8');
				resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes, text, json: () => JSON.parse(text) });
			});
		});
		outgoing.on('error', reject);
		if (chunks) {
			for (const chunk of chunks) outgoing.write(chunk);
			outgoing.end();
		} else outgoing.end(body);
	});
}

/** POSTs `value` as JSON. */
export function postJson(url: string, value: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
	return post(url, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}
