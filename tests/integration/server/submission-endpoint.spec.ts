/**
 * POST /api/v1/submissions through its handler, with real Request objects on a real SQLite file:
 * who may submit what, exactly-once receipts, the malformed-input corpus and the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { createKiosk, enrollKiosk, revokeKiosk, type Kiosk } from '$lib/server/kiosks';
import { addMember } from '$lib/server/members';
import { createUser, type User } from '$lib/server/users';
import { handleSubmissionRequest, SUBMISSION_LIMITS } from '$lib/server/submission-endpoint';
import { hitRateLimit, peekRateLimit } from '$lib/server/rate-limits';
import { countRows, createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { baselineTarget, IDENTITY_ANSWERS, submissionBody } from '../../helpers/submissions';

const URL = 'http://anju.test/api/v1/submissions';

let testDb: TestDb;
let db: Db;
let seeded: SeededProject;
let other: SeededProject;
let kiosk: Kiosk;
let token: string;
const users: Record<'admin' | 'member' | 'outsider' | 'evaluator', User> = {} as never;

async function enrolledKiosk(project: SeededProject, siteId = project.projectSiteId): Promise<{ kiosk: Kiosk; token: string }> {
	const created = await createKiosk(db, { projectId: project.projectId, siteId, name: `Kiosk ${randomUUID().slice(0, 4)}` });
	const enrolled = await enrollKiosk(db, created.enrollmentCode);
	if (!enrolled.ok) throw new Error(enrolled.error);
	return { kiosk: created.kiosk, token: enrolled.token };
}

function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return submissionBody(baselineTarget(seeded), IDENTITY_ANSWERS, overrides);
}

/** A demographics response whose free-text item is open (ethnicity "other"). */
function withText(text: string): Record<string, unknown> {
	return submission({ instrumentVersionId: seeded.versionIds.demographics, answers: { dem_eth: 9, dem_eth_other: text } });
}

interface Send {
	body?: BodyInit | null;
	headers?: Record<string, string>;
	auth?: string | null;
	user?: User;
}

function request({ body, headers = {}, auth = token }: Send): Request {
	return new Request(URL, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
		body,
		...(body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
}

/** The real limits but a rate no test reaches except the rate limit's own. */
const TEST_LIMITS = { ...SUBMISSION_LIMITS, rate: { limit: 1_000_000, windowSeconds: 60 } };

function send(options: Send, limits = TEST_LIMITS): Promise<Response> {
	return handleSubmissionRequest(db, request(options), options.user, limits);
}

function sendJson(value: unknown, options: Omit<Send, 'body'> = {}): Promise<Response> {
	return send({ ...options, body: JSON.stringify(value) });
}

interface ErrorBody {
	error: { code: string; message: string; path?: string; issues?: { path: string; message: string }[] };
}

async function errorOf(response: Response): Promise<ErrorBody['error']> {
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	expect(response.headers.get('cache-control')).toBe('no-store');
	const body = (await response.json()) as ErrorBody;
	expect(typeof body.error.message).toBe('string');
	return body.error;
}

async function stored(): Promise<{ responses: number; answers: number; scores: number; respondents: number }> {
	return {
		responses: await countRows(db, 'responses'),
		answers: await countRows(db, 'answers'),
		scores: await countRows(db, 'scores'),
		respondents: await countRows(db, 'respondents')
	};
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'endpoint');
	other = await seedProject(db, library, 'endpoint-other');
	({ kiosk, token } = await enrolledKiosk(seeded));
	const make = (email: string, role: User['role']) => createUser(db, { email, name: email, password: 'correct horse battery', role });
	users.admin = await make('admin@example.org', 'admin');
	users.member = await make('member@example.org', 'coordinator');
	users.outsider = await make('outsider@example.org', 'coordinator');
	users.evaluator = await make('evaluator@example.org', 'evaluator');
	await addMember(db, seeded.projectId, users.member.id, null);
	await addMember(db, seeded.projectId, users.evaluator.id, null);
	await addMember(db, other.projectId, users.outsider.id, null);
});
afterAll(() => testDb.cleanup());

describe('a kiosk submission', () => {
	it('is stored and answered with a receipt that echoes its UUID', async () => {
		const input = submission();
		const response = await sendJson(input);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const receipt = await response.json();
		expect(receipt).toEqual({ id: input.id, receivedAt: expect.any(String), status: 'complete', replay: false });
		const row = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ mode: 'kiosk', kiosk_id: kiosk.id, interviewer_id: null, site_id: seeded.projectSiteId });
	});

	it("is stored as the kiosk's, whatever mode, kiosk or interviewer the body claims", async () => {
		const input = submission({ mode: 'interviewer', kioskId: 'someone-else', interviewerId: users.admin.id });
		expect((await sendJson(input)).status).toBe(200);
		const row = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ mode: 'kiosk', kiosk_id: kiosk.id, interviewer_id: null });
	});

	it("takes the kiosk's site when the body names none", async () => {
		const input = submission();
		delete input.siteId;
		expect((await sendJson(input)).status).toBe(200);
		const row = await db
			.selectFrom('responses')
			.select('site_id')
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row.site_id).toBe(seeded.projectSiteId);
	});
});

describe('replays', () => {
	it('of an identical submission, three times and concurrently, store one response and return the same receipt', async () => {
		const input = submission();
		const first = await (await sendJson(input)).json();
		const replays = await Promise.all([sendJson(input), sendJson(input), sendJson(input)]);
		const again = await sendJson(input);
		for (const response of [...replays, again]) {
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ ...first, replay: true });
		}
		const n = await db
			.selectFrom('responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(Number(n.n)).toBe(1);
	});

	it('sent concurrently before any is stored still store one response', async () => {
		const input = submission();
		const before = await stored();
		const responses = await Promise.all(Array.from({ length: 5 }, () => sendJson(input)));
		const receipts = await Promise.all(responses.map((r) => r.json()));
		expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(new Set(receipts.map((r) => `${r.id} ${r.receivedAt}`)).size).toBe(1);
		expect(receipts.filter((r) => !r.replay)).toHaveLength(1);
		expect((await stored()).responses).toBe(before.responses + 1);
	});

	it('with changed content under the same UUID get 409 and leave the original unchanged', async () => {
		const input = submission();
		await sendJson(input);
		const answersBefore = await db
			.selectFrom('answers')
			.selectAll()
			.where('response_id', '=', input.id as string)
			.orderBy('item_key')
			.execute();
		const response = await sendJson({ ...input, answers: { ...IDENTITY_ANSWERS, bscs_1: 1 } });
		expect(response.status).toBe(409);
		const error = await errorOf(response);
		expect(error).toMatchObject({ code: 'conflict', path: 'id' });
		expect(error.message).toContain(input.id as string);
		const answersAfter = await db
			.selectFrom('answers')
			.selectAll()
			.where('response_id', '=', input.id as string)
			.orderBy('item_key')
			.execute();
		expect(answersAfter).toEqual(answersBefore);
	});
});

describe('who may submit', () => {
	it('refuses a request with neither a device token nor a session (401)', async () => {
		const response = await sendJson(submission(), { auth: null });
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthenticated');
	});

	it('refuses an unknown or malformed device token (401)', async () => {
		for (const auth of ['x'.repeat(43), 'not a token', '']) {
			const response = await send({ body: JSON.stringify(submission()), auth: null, headers: { authorization: `Bearer ${auth}` } });
			expect(response.status, auth).toBe(401);
			expect((await errorOf(response)).code).toBe('unknown_device');
		}
		const basic = await send({ body: JSON.stringify(submission()), auth: null, headers: { authorization: 'Basic YTpi' } });
		expect(basic.status).toBe(401);
	});

	it('refuses a revoked kiosk, saying so, and stores nothing', async () => {
		const revoked = await enrolledKiosk(seeded);
		await revokeKiosk(db, revoked.kiosk.id, users.admin.id);
		const before = await stored();
		const response = await sendJson(submission(), { auth: revoked.token });
		expect(response.status).toBe(403);
		const error = await errorOf(response);
		expect(error.code).toBe('kiosk_revoked');
		expect(error.message).toMatch(/revoked/);
		expect(await stored()).toEqual(before);
	});

	it("refuses a site other than the kiosk's (403 naming siteId)", async () => {
		const before = await stored();
		const response = await sendJson(submission({ siteId: seeded.comparisonSiteId }));
		expect(response.status).toBe(403);
		expect(await errorOf(response)).toMatchObject({ code: 'forbidden', path: 'siteId' });
		expect(await stored()).toEqual(before);
	});

	it('refuses a wave of another project (403 naming waveId)', async () => {
		const response = await sendJson(submission({ waveId: other.baselineWaveId }));
		expect(response.status).toBe(403);
		expect(await errorOf(response)).toMatchObject({ code: 'forbidden', path: 'waveId' });
	});

	it('stores an admin’s or a member coordinator’s submission as an interview by them', async () => {
		for (const user of [users.admin, users.member]) {
			const input = submission({ siteId: seeded.comparisonSiteId, kioskId: kiosk.id, mode: 'kiosk' });
			const response = await sendJson(input, { auth: null, user });
			expect(response.status).toBe(200);
			expect((await response.json()).id).toBe(input.id);
			const row = await db
				.selectFrom('responses')
				.selectAll()
				.where('id', '=', input.id as string)
				.executeTakeFirstOrThrow();
			expect(row).toMatchObject({ mode: 'interviewer', interviewer_id: user.id, kiosk_id: null, site_id: seeded.comparisonSiteId });
		}
	});

	it('refuses a coordinator of another project and an evaluator (403)', async () => {
		const before = await stored();
		const outsider = await sendJson(submission(), { auth: null, user: users.outsider });
		expect(outsider.status).toBe(403);
		expect(await errorOf(outsider)).toMatchObject({ code: 'forbidden', path: 'waveId' });
		const evaluator = await sendJson(submission(), { auth: null, user: users.evaluator });
		expect(evaluator.status).toBe(403);
		expect(await stored()).toEqual(before);
	});

	it('takes the device token over a session when a request has both', async () => {
		const input = submission();
		expect((await sendJson(input, { user: users.admin })).status).toBe(200);
		const row = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ mode: 'kiosk', kiosk_id: kiosk.id });
	});
});

const LIMIT = SUBMISSION_LIMITS.maxBodyBytes;

function streamOf(bytes: Uint8Array, chunkSize = 16 * 1024): ReadableStream<Uint8Array> {
	let offset = 0;
	return new ReadableStream({
		pull(controller) {
			if (offset >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(offset, offset + chunkSize));
			offset += chunkSize;
		}
	});
}

function nested(depth: number): unknown {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

interface CorpusCase {
	name: string;
	send: () => Promise<Response>;
	status: number;
	code?: string;
	path?: string;
	message?: RegExp;
}

const corpus: CorpusCase[] = [
	{ name: 'no body', send: () => send({ body: null }), status: 400, code: 'empty_body' },
	{ name: 'an empty body', send: () => send({ body: '' }), status: 400, code: 'empty_body' },
	{ name: 'whitespace only', send: () => send({ body: '  \n' }), status: 400, code: 'empty_body' },
	{
		name: 'wrong content type',
		send: () => send({ body: JSON.stringify(submission()), headers: { 'content-type': 'text/plain' } }),
		status: 415,
		code: 'unsupported_media_type'
	},
	{
		name: 'a form post',
		send: () => send({ body: 'id=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
		status: 415
	},
	{
		name: 'JSON in another charset',
		send: () => send({ body: JSON.stringify(submission()), headers: { 'content-type': 'application/json; charset=iso-8859-1' } }),
		status: 415
	},
	{ name: 'malformed JSON', send: () => send({ body: '{"id": ' }), status: 400, code: 'invalid_json' },
	{ name: 'JSON with a trailing comma', send: () => send({ body: '{"id": "x",}' }), status: 400, code: 'invalid_json' },
	{
		name: 'a truncated body',
		send: () => {
			const text = JSON.stringify(submission());
			return send({ body: text.slice(0, Math.floor(text.length / 2)) });
		},
		status: 400,
		code: 'invalid_json'
	},
	{
		name: 'invalid UTF-8',
		send: () => send({ body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }),
		status: 400,
		code: 'invalid_encoding'
	},
	{
		name: 'a surrogate encoded as UTF-8 bytes',
		send: () => send({ body: new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]) }),
		status: 400,
		code: 'invalid_encoding'
	},
	{
		name: 'a body over the limit with Content-Length',
		send: () => send({ body: JSON.stringify(withText('x'.repeat(LIMIT))), headers: { 'content-length': String(LIMIT + 200) } }),
		status: 413,
		code: 'too_large'
	},
	{
		name: 'a body over the limit streamed without Content-Length',
		send: () => send({ body: streamOf(new TextEncoder().encode(JSON.stringify(withText('x'.repeat(LIMIT))))) }),
		status: 413,
		code: 'too_large'
	},
	{
		name: 'a 1 MB string',
		send: () => send({ body: streamOf(new TextEncoder().encode(JSON.stringify(withText('长'.repeat(350_000))))) }),
		status: 413,
		code: 'too_large'
	},
	{
		name: '100,000 answers',
		send: () => sendJson(submission({ answers: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`q${i}`, 1])) })),
		status: 413
	},
	{
		name: 'deeply nested arrays',
		send: () => send({ body: '['.repeat(100_000) + ']'.repeat(100_000) }),
		status: 400,
		code: 'too_deep'
	},
	{ name: 'nested objects as an answer', send: () => sendJson(submission({ answers: nested(20) })), status: 400, code: 'too_deep' },
	{ name: 'an array body', send: () => sendJson([submission()]), status: 422, code: 'invalid', path: '(body)' },
	{ name: 'a null body', send: () => send({ body: 'null' }), status: 422, code: 'invalid' },
	{ name: 'a string body', send: () => send({ body: '"hello"' }), status: 422, code: 'invalid' },
	{
		name: 'a missing UUID',
		send: () => {
			const input = submission();
			delete input.id;
			return sendJson(input);
		},
		status: 422,
		path: 'id'
	},
	{ name: 'a malformed UUID', send: () => sendJson(submission({ id: 'not-a-uuid' })), status: 422, path: 'id', message: /UUID/ },
	{ name: 'a UUID as a number', send: () => sendJson(submission({ id: 12345 })), status: 422, path: 'id' },
	{ name: 'an unknown wave', send: () => sendJson(submission({ waveId: randomUUID() })), status: 404, path: 'waveId' },
	{
		name: 'SQL in the wave id',
		send: () => sendJson(submission({ waveId: "' OR 1=1; DROP TABLE responses; --" })),
		status: 404,
		path: 'waveId'
	},
	{
		name: 'an unknown instrument version',
		send: () => sendJson(submission({ instrumentVersionId: 'a'.repeat(64) })),
		status: 404,
		path: 'instrumentVersionId'
	},
	{
		name: 'a malformed instrument version',
		send: () => sendJson(submission({ instrumentVersionId: '<script>' })),
		status: 422,
		path: 'instrumentVersionId'
	},
	{ name: 'an unknown field', send: () => sendJson(submission({ extra: 1 })), status: 422, message: /unknown field/ },
	{
		name: 'an unknown item',
		send: () => sendJson(submission({ answers: { ...IDENTITY_ANSWERS, no_such_item: 3 } })),
		status: 422,
		path: 'answers.no_such_item'
	},
	{
		name: 'a wrong type',
		send: () => sendJson(submission({ answers: { ...IDENTITY_ANSWERS, bscs_1: 'four' } })),
		status: 422,
		path: 'answers.bscs_1'
	},
	{
		name: 'a boolean answer',
		send: () => sendJson(submission({ answers: { ...IDENTITY_ANSWERS, bscs_1: true } })),
		status: 422,
		path: 'answers.bscs_1'
	},
	{
		name: 'an out-of-range code',
		send: () => sendJson(submission({ answers: { ...IDENTITY_ANSWERS, bscs_1: 99 } })),
		status: 422,
		path: 'answers.bscs_1'
	},
	{
		name: 'a non-finite number',
		send: () => send({ body: JSON.stringify(submission()).replace('"bscs_1":4', '"bscs_1":1e999') }),
		status: 422,
		path: 'answers.bscs_1'
	},
	{
		name: 'an answer to an item that is not relevant',
		send: () => sendJson(submission({ instrumentVersionId: seeded.versionIds.demographics, answers: { dem_eth: 1, dem_eth_other: 'x' } })),
		status: 422,
		path: 'answers.dem_eth_other'
	},
	{ name: 'too long a text', send: () => sendJson(withText('x'.repeat(150_000))), status: 422, path: 'answers.dem_eth_other' },
	{
		name: 'a NUL byte',
		send: () => sendJson(withText('Hui\u0000')),
		status: 422,
		code: 'invalid_text',
		path: 'answers.dem_eth_other',
		message: /NUL/
	},
	{ name: 'a control character', send: () => sendJson(withText('a\u0007b')), status: 422, code: 'invalid_text' },
	{
		name: 'a lone surrogate',
		send: () => sendJson(withText('\ud800x')),
		status: 422,
		code: 'invalid_text',
		path: 'answers.dem_eth_other',
		message: /surrogate/
	},
	{ name: 'a lone low surrogate', send: () => sendJson(withText('x\udc00')), status: 422, code: 'invalid_text' },
	{
		name: 'a NUL in a field name',
		send: () => sendJson(submission({ answers: { 'bscs_1\u0000': 4 } })),
		status: 422,
		code: 'invalid_text',
		path: 'answers'
	},
	{ name: 'a wrong panel-code check', send: () => sendJson(submission({ panelCode: 'AAA-AAA' })), status: 422, path: 'panelCode' },
	{ name: 'a bad timestamp', send: () => sendJson(submission({ startedAt: 'yesterday' })), status: 422, path: 'startedAt' },
	{ name: 'an unknown status', send: () => sendJson(submission({ status: 'done' })), status: 422, path: 'status' },
	{ name: 'a language the instrument lacks', send: () => sendJson(submission({ language: 'fr' })), status: 422, path: 'language' },
	{
		name: 'more than 2000 answers',
		send: () => sendJson(submission({ answers: Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`q${i}`, 1])) })),
		status: 422,
		path: 'answers'
	},
	{
		name: 'prototype keys',
		send: () => send({ body: JSON.stringify(submission()).replace('"answers":{', '"answers":{"__proto__":{"bscs_1":1},') }),
		status: 422,
		path: 'answers'
	}
];

describe('the malformed-input corpus', () => {
	it.each(corpus)('refuses $name with a $status JSON error, storing nothing', async (c) => {
		const before = await stored();
		const response = await c.send();
		expect(response.status).toBe(c.status);
		const error = await errorOf(response);
		if (c.code) expect(error.code).toBe(c.code);
		if (c.path) expect(error.path).toBe(c.path);
		if (c.message) expect(error.message).toMatch(c.message);
		expect(await stored()).toEqual(before);
	});

	it('accepts injection strings and direction overrides in free text, stored byte-identical', async () => {
		for (const text of [
			"'; DROP TABLE answers; --",
			'<script>alert("x")</script>',
			'\u202Eevil\u202C',
			'𝕏 emoji 👩‍👩‍👧 and 中文',
			'tab\tand\nnew line'
		]) {
			const input = withText(text);
			const response = await sendJson(input);
			expect(response.status, JSON.stringify(text)).toBe(200);
			const answer = await db
				.selectFrom('answers')
				.select('value_text')
				.where('response_id', '=', input.id as string)
				.where('item_key', '=', 'dem_eth_other')
				.executeTakeFirstOrThrow();
			expect(answer.value_text).toBe(text);
		}
	});
});

describe('the rate limit per device', () => {
	it('answers 429 with Retry-After once a kiosk passes its limit, without touching other kiosks', async () => {
		const limits = { ...SUBMISSION_LIMITS, rate: { limit: 3, windowSeconds: 60 } };
		const busy = await enrolledKiosk(seeded);
		const calm = await enrolledKiosk(seeded);
		for (let i = 0; i < 3; i++) expect((await send({ body: JSON.stringify(submission()), auth: busy.token }, limits)).status).toBe(200);
		const before = await stored();
		const limited = await send({ body: JSON.stringify(submission()), auth: busy.token }, limits);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
		expect((await errorOf(limited)).code).toBe('rate_limited');
		expect(await stored()).toEqual(before);
		expect((await send({ body: JSON.stringify(submission()), auth: calm.token }, limits)).status).toBe(200);
		const row = await db.selectFrom('rate_limits').selectAll().where('key', '=', `submit:kiosk:${busy.kiosk.id}`).executeTakeFirstOrThrow();
		expect(row.count).toBe(4);
	});

	it('starts counting again in a new window', async () => {
		const rule = { limit: 2, windowSeconds: 60 };
		const t0 = new Date('2026-03-02T02:00:10.000Z');
		expect((await hitRateLimit(db, 'test:window', rule, t0)).allowed).toBe(true);
		expect((await hitRateLimit(db, 'test:window', rule, t0)).allowed).toBe(true);
		const third = await hitRateLimit(db, 'test:window', rule, new Date('2026-03-02T02:00:50.000Z'));
		expect(third).toEqual({ allowed: false, count: 3, retryAfterSeconds: 10 });
		expect(await hitRateLimit(db, 'test:window', rule, new Date('2026-03-02T02:01:00.000Z'))).toEqual({
			allowed: true,
			count: 1,
			retryAfterSeconds: 60
		});
	});

	it('peeks at a limit without counting: within until the limit is reached, and again in a new window', async () => {
		const rule = { limit: 2, windowSeconds: 60 };
		const at = (time: string) => new Date(`2026-03-02T03:${time}.000Z`);
		expect(await peekRateLimit(db, 'test:peek', rule, at('00:10'))).toEqual({ allowed: true, count: 0, retryAfterSeconds: 50 });
		await hitRateLimit(db, 'test:peek', rule, at('00:10'));
		expect(await peekRateLimit(db, 'test:peek', rule, at('00:20'))).toEqual({ allowed: true, count: 1, retryAfterSeconds: 40 });
		await hitRateLimit(db, 'test:peek', rule, at('00:20'));
		expect(await peekRateLimit(db, 'test:peek', rule, at('00:30'))).toEqual({ allowed: false, count: 2, retryAfterSeconds: 30 });
		expect(await peekRateLimit(db, 'test:peek', rule, at('00:30'))).toMatchObject({ count: 2 });
		expect(await peekRateLimit(db, 'test:peek', rule, at('01:00'))).toEqual({ allowed: true, count: 0, retryAfterSeconds: 60 });
	});

	/** Requests counted for a kiosk in its current window. */
	async function counted(kioskId: string): Promise<number> {
		const row = await db.selectFrom('rate_limits').select('count').where('key', '=', `submit:kiosk:${kioskId}`).executeTakeFirst();
		return Number(row?.count ?? 0);
	}

	it('counts every request once: accepted (in its own write transaction), replayed, refused before or inside that transaction', async () => {
		const device = await enrolledKiosk(seeded);
		const accepted = submission();
		const cases: [string, string, number][] = [
			['accepted', JSON.stringify(accepted), 200],
			['replayed', JSON.stringify(accepted), 200],
			['malformed JSON', '{"id": ', 400],
			['an invalid envelope', JSON.stringify(submission({ id: 'not-a-uuid' })), 422],
			[
				'an answer out of range (refused inside the transaction)',
				JSON.stringify(submission({ answers: { ...IDENTITY_ANSWERS, bscs_1: 99 } })),
				422
			],
			['a changed payload under a used UUID', JSON.stringify({ ...accepted, answers: { ...IDENTITY_ANSWERS, bscs_1: 1 } }), 409],
			['an unknown wave', JSON.stringify(submission({ waveId: randomUUID() })), 404]
		];
		for (const [i, [name, body, status]] of cases.entries()) {
			expect((await send({ body, auth: device.token })).status, name).toBe(status);
			expect(await counted(device.kiosk.id), name).toBe(i + 1);
		}
	});

	it('answers 429 over the limit before any other refusal', async () => {
		const limits = { ...SUBMISSION_LIMITS, rate: { limit: 1, windowSeconds: 60 } };
		const device = await enrolledKiosk(seeded);
		expect((await send({ body: JSON.stringify(submission()), auth: device.token }, limits)).status).toBe(200);
		const before = await stored();
		for (const body of [
			'{"id": ',
			JSON.stringify(submission({ answers: { ...IDENTITY_ANSWERS, bscs_1: 99 } })),
			JSON.stringify(submission())
		]) {
			expect((await send({ body, auth: device.token }, limits)).status, body.slice(0, 20)).toBe(429);
		}
		expect(await stored()).toEqual(before);
		expect(await counted(device.kiosk.id)).toBe(4);
	});
});
