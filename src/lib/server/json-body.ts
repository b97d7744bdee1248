/**
 * Reading an untrusted JSON request body: the content type, a byte limit counted as the body
 * streams in (so a body without Content-Length cannot make us buffer more than the limit), strict
 * UTF-8, JSON syntax, nesting depth, `__proto__` keys, and text that cannot be stored faithfully
 * (lone surrogates, control characters). Each refusal is a ready 4xx response naming the problem.
 */
import { apiError } from './api-response';

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

export interface JsonBodyOptions {
	maxBytes: number;
	/** Deepest nesting of objects and arrays accepted (the top level is 1). */
	maxDepth?: number;
	/** A request without a body reads as `{}` instead of being refused. */
	optional?: boolean;
}

const DEFAULT_MAX_DEPTH = 8;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refused(response: Response): JsonBody {
	return { ok: false, response };
}

/** A body that could not be read to its end leaves the connection unusable for another request. */
const CLOSE = { headers: { connection: 'close' } };
/**
 * How much of a refused body is still read (and thrown away) after the 413. A client sees a
 * response only once its upload is done — a connection closed mid-upload reaches it as a reset,
 * not as the 413 — so moderately oversized bodies are drained; beyond this the connection is cut.
 */
const DRAIN_BYTES = 8 * 1024 * 1024;

function tooLarge(maxBytes: number): JsonBody {
	return refused(apiError(413, 'too_large', `The request body is larger than the limit of ${maxBytes} bytes`));
}

/**
 * Discards, in the background, the body of a request answered without reading it (a refusal before
 * the body matters), so that the client's connection stays usable for its next request.
 */
export function discardUnreadBody(request: Request): void {
	if (request.body && !request.bodyUsed) void drain(request.body.getReader());
}

/** Reads and discards the rest of a body in the background, holding no more than one chunk. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			size += value.byteLength;
			if (size > DRAIN_BYTES) {
				await reader.cancel();
				return;
			}
		}
	} catch {
		// The body ended badly (the client went away, or the server-wide limit was passed): nothing more to read.
	}
}

function isJsonContentType(header: string | null): boolean {
	if (!header) return false;
	const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
	if (type !== 'application/json') return false;
	const charset = params
		.find((p) => p.startsWith('charset='))
		?.slice('charset='.length)
		.replace(/"/g, '');
	return charset === undefined || charset === 'utf-8';
}

/** Reads, checks and parses the body; never holds more than `maxBytes` of it. */
export async function readJsonBody(request: Request, options: JsonBodyOptions): Promise<JsonBody> {
	const { maxBytes } = options;
	const declared = request.headers.get('content-length');
	// adapter-node gives no body at all for a request without Content-Type, whatever it sent.
	const sentSomething = Number(declared) > 0 || request.headers.has('transfer-encoding');
	if ((request.body === null && !sentSomething) || declared === '0') {
		if (options.optional) return { ok: true, value: {} };
		return refused(apiError(400, 'empty_body', 'The request has no body; send a JSON document with Content-Type: application/json'));
	}
	if (!isJsonContentType(request.headers.get('content-type'))) {
		return refused(apiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json (UTF-8)'));
	}
	if (request.body === null) return refused(apiError(400, 'body_unreadable', 'The request body could not be read'));
	if (declared !== null && Number(declared) > maxBytes) {
		void drain(request.body.getReader());
		return tooLarge(maxBytes);
	}

	const bytes = await readLimited(request.body, maxBytes);
	if (bytes === 'too_large') return tooLarge(maxBytes);
	if (bytes === 'unreadable') return refused(apiError(400, 'body_unreadable', 'The request body ended early or could not be read', CLOSE));

	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return refused(apiError(400, 'invalid_encoding', 'The request body is not valid UTF-8'));
	}
	if (text.trim() === '') {
		if (options.optional) return { ok: true, value: {} };
		return refused(apiError(400, 'empty_body', 'The request body is empty; send the JSON document'));
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return refused(apiError(400, 'invalid_json', describeJsonError(text, error)));
	}
	const problem = findProblem(value, options.maxDepth ?? DEFAULT_MAX_DEPTH);
	if (problem) return refused(problem);
	return { ok: true, value };
}

/**
 * The parser's complaint and where: line, column and the text around the position (so that the
 * message names the field at fault), or that the body stops short. JSON has no NaN or Infinity,
 * which clients sometimes send for a number they do not have.
 */
function describeJsonError(text: string, error: unknown): string {
	const reason = error instanceof Error ? error.message : String(error);
	let where = '';
	const position = /at position (\d+)/.exec(reason);
	if (position) {
		const at = Number(position[1]);
		const before = text.slice(0, at);
		const line = before.split('\n').length;
		const column = at - before.lastIndexOf('\n');
		where = ` (line ${line}, column ${column}, after ${JSON.stringify(text.slice(Math.max(0, at - 40), at))})`;
	} else if (/end of JSON input/.test(reason)) {
		where = ` (it stops after ${text.length} characters: was it cut off?)`;
	}
	const nonFinite = /token '[NI]'|No number after minus sign/.test(reason) && /(?<![\w."])-?(NaN|Infinity)\b/.test(text);
	return `The request body is not valid JSON: ${reason}${where}${nonFinite ? '. JSON has no NaN or Infinity: leave out a number you do not have' : ''}`;
}

/** The body's bytes, or why there are none; keeps nothing past the limit. */
async function readLimited(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array | 'too_large' | 'unreadable'> {
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				void drain(reader);
				return 'too_large';
			}
			chunks.push(value);
		}
	} catch (error) {
		// adapter-node errors the stream with a 413 when its own BODY_SIZE_LIMIT is passed.
		return (error as { status?: unknown } | null)?.status === 413 ? 'too_large' : 'unreadable';
	}
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

/**
 * The first structural problem of a parsed body: nesting deeper than `maxDepth`, or a string
 * (value or field name) that could not be stored and given back byte-identical. Bounded recursion:
 * it never descends past `maxDepth`.
 */
function findProblem(value: unknown, maxDepth: number, path: string[] = [], depth = 0): Response | undefined {
	const where = path.join('.') || '(body)';
	if (typeof value === 'string') return textProblem(value, where);
	if (value === null || typeof value !== 'object') return undefined;
	if (depth + 1 > maxDepth) return apiError(400, 'too_deep', `The JSON is nested more than ${maxDepth} levels deep`, { path: where });
	if (Array.isArray(value)) {
		for (const [i, item] of value.entries()) {
			const problem = findProblem(item, maxDepth, [...path, String(i)], depth + 1);
			if (problem) return problem;
		}
		return undefined;
	}
	for (const [key, item] of Object.entries(value)) {
		// JSON.parse makes `__proto__` an own key, but validators and object spreads drop it silently.
		if (key === '__proto__') return apiError(422, 'invalid', "The field name '__proto__' is not allowed", { path: where });
		const keyProblem = textProblem(key, where, 'A field name');
		if (keyProblem) return keyProblem;
		const problem = findProblem(item, maxDepth, [...path, key], depth + 1);
		if (problem) return problem;
	}
	return undefined;
}

function textProblem(text: string, path: string, what = 'Text'): Response | undefined {
	if (text.includes('\u0000')) return apiError(422, 'invalid_text', `${what} contains a NUL character`, { path });
	if (hasControlCharacter(text)) return apiError(422, 'invalid_text', `${what} contains a control character`, { path });
	if (LONE_SURROGATE.test(text)) {
		return apiError(422, 'invalid_text', `${what} contains a lone surrogate (not valid Unicode text)`, { path });
	}
	return undefined;
}

/** A C0 control character other than tab, line feed and carriage return. */
function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
	}
	return false;
}
