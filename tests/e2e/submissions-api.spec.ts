/**
 * The submission endpoint and the kiosk device API against the built server, as a kiosk on a
 * centre's Wi-Fi meets them: enrolled through the real flow, exactly-once receipts under replay
 * (concurrent ones on separate connections), refusals that say why, the malformed-input corpus
 * over real HTTP (Content-Length and chunked bodies, a body cut off mid-way), and the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createKiosk, revokeKiosk } from '$lib/server/kiosks';
import { isValidPanelCode } from '$lib/panel-code';
import { loginCookie } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';
import { IDENTITY_ANSWERS, submissionBody } from '../helpers/submissions';

const PASSWORD = 'a long enough password';
let server: RunningServer;
let db: Db;
let projectId: string;
let siteId: string;
let otherSiteId: string;
let waveId: string;
let versionId: string;
let demographicsId: string;
let adminId: string;

interface Device {
	kioskId: string;
	token: string;
}

/** A kiosk created as the CLI does and enrolled through POST /api/kiosk/enroll. */
async function enrolledKiosk(site = siteId): Promise<Device> {
	const created = await createKiosk(db, { projectId, siteId: site, name: `Tablet ${randomUUID().slice(0, 4)}` }, 'cli');
	const response = await fetch(`${server.url}/api/kiosk/enroll`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: created.enrollmentCode })
	});
	if (response.status !== 200) throw new Error(`enrollment failed: ${response.status} ${await response.text()}`);
	const { token } = (await response.json()) as { token: string };
	return { kioskId: created.kiosk.id, token };
}

function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return submissionBody({ waveId, siteId, instrumentVersionId: versionId }, IDENTITY_ANSWERS, overrides);
}

function withText(text: string): Record<string, unknown> {
	return submission({ instrumentVersionId: demographicsId, answers: { dem_eth: 9, dem_eth_other: text } });
}

interface Post {
	body?: BodyInit | null;
	token?: string | null;
	headers?: Record<string, string>;
}

function post(path: string, device: Device | null, { body, headers = {} }: Post = {}): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(device ? { authorization: `Bearer ${device.token}` } : {}), ...headers },
		body,
		...(body instanceof ReadableStream ? { duplex: 'half' } : {})
	} as RequestInit);
}

function submit(device: Device | null, value: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return post('/api/v1/submissions', device, { body: JSON.stringify(value), headers });
}

async function errorOf(response: Response): Promise<{ code: string; message: string; path?: string }> {
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	expect(response.headers.get('cache-control')).toBe('no-store');
	const body = (await response.json()) as { error: { code: string; message: string; path?: string } };
	expect(body.error.message.length).toBeGreaterThan(0);
	return body.error;
}

async function countResponses(): Promise<number> {
	const row = await db
		.selectFrom('responses')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Sends raw bytes on a fresh connection and returns whatever comes back before it closes. */
function rawExchange(bytes: string, endAfterWrite: boolean): Promise<string> {
	const url = new URL(server.url);
	return new Promise((resolve, reject) => {
		const socket = connect(Number(url.port), url.hostname);
		let received = '';
		socket.setTimeout(5000, () => socket.destroy());
		socket.on('data', (chunk) => (received += chunk));
		socket.on('close', () => resolve(received));
		socket.on('error', (error) => (received ? resolve(received) : reject(error)));
		socket.write(bytes, () => {
			if (endAfterWrite) socket.end();
		});
	});
}

let device: Device;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: 'admin@example.org', ANJU_ADMIN_PASSWORD: PASSWORD });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
	projectId = (await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	const sites = await db.selectFrom('sites').select('id').where('project_id', '=', projectId).orderBy('name').execute();
	siteId = sites[0]!.id;
	otherSiteId = sites[1]!.id;
	waveId = (
		await db.selectFrom('waves').select('id').where('project_id', '=', projectId).where('wave_order', '=', 1).executeTakeFirstOrThrow()
	).id;
	const versionOf = async (key: string) =>
		(
			await db
				.selectFrom('wave_instruments')
				.innerJoin('instrument_versions', 'instrument_versions.id', 'wave_instruments.instrument_version_id')
				.select('instrument_versions.id')
				.where('wave_instruments.wave_id', '=', waveId)
				.where('instrument_versions.instrument_key', '=', key)
				.executeTakeFirstOrThrow()
		).id;
	versionId = await versionOf('community-identity');
	demographicsId = await versionOf('demographics');
	adminId = (await db.selectFrom('users').select('id').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow()).id;
	device = await enrolledKiosk();
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

describe('a kiosk submission over HTTP', () => {
	it('is answered with a no-store receipt echoing its UUID', async () => {
		const input = submission();
		const response = await submit(device, input);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({ id: input.id, receivedAt: expect.any(String), status: 'complete', replay: false });
		const row = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ mode: 'kiosk', kiosk_id: device.kioskId, site_id: siteId });
	});

	it('replayed three times, concurrently on separate connections, is stored once with the same receipt', async () => {
		const input = submission();
		const before = await countResponses();
		const concurrent = await Promise.all([submit(device, input), submit(device, input), submit(device, input)]);
		const receipts = await Promise.all(concurrent.map((r) => r.json()));
		expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
		const sequential = [];
		for (let i = 0; i < 3; i++) sequential.push(await (await submit(device, input)).json());
		const all = [...receipts, ...sequential];
		expect(new Set(all.map((r) => `${r.id}|${r.receivedAt}|${r.status}`)).size).toBe(1);
		expect(all[0].id).toBe(input.id);
		expect(all.filter((r) => r.replay === false)).toHaveLength(1);
		expect(await countResponses()).toBe(before + 1);
	});

	it('changed under the same UUID gets 409 and leaves the original unchanged', async () => {
		const input = submission();
		const original = await (await submit(device, input)).json();
		const answers = () =>
			db
				.selectFrom('answers')
				.selectAll()
				.where('response_id', '=', input.id as string)
				.orderBy('item_key')
				.execute();
		const before = await answers();
		const response = await submit(device, { ...input, answers: { ...IDENTITY_ANSWERS, bscs_2: 1 } });
		expect(response.status).toBe(409);
		expect(await errorOf(response)).toMatchObject({ code: 'conflict', path: 'id' });
		expect(await answers()).toEqual(before);
		expect(await (await submit(device, input)).json()).toEqual({ ...original, replay: true });
	});

	it('from a revoked kiosk is refused with a message that says so', async () => {
		const revoked = await enrolledKiosk();
		await revokeKiosk(db, revoked.kioskId, adminId);
		const before = await countResponses();
		const response = await submit(revoked, submission());
		expect(response.status).toBe(403);
		const error = await errorOf(response);
		expect(error.code).toBe('kiosk_revoked');
		expect(error.message).toMatch(/revoked/);
		expect(await countResponses()).toBe(before);
		const bundle = await fetch(`${server.url}/api/kiosk/bundle`, { headers: { authorization: `Bearer ${revoked.token}` } });
		expect(bundle.status).toBe(403);
	});

	it('for another site is refused (403 naming siteId)', async () => {
		const response = await submit(device, submission({ siteId: otherSiteId }));
		expect(response.status).toBe(403);
		expect(await errorOf(response)).toMatchObject({ code: 'forbidden', path: 'siteId' });
	});

	it('without a token or session is refused with JSON (401), not sent to the login page', async () => {
		const response = await submit(null, submission());
		expect(response.status).toBe(401);
		expect((await errorOf(response)).code).toBe('unauthenticated');
		const unknown = await submit({ kioskId: '', token: 'A'.repeat(43) }, submission());
		expect(unknown.status).toBe(401);
		expect((await errorOf(unknown)).code).toBe('unknown_device');
	});

	it('from a logged-in admin is stored as an interview by them; a cross-site one is refused', async () => {
		const cookie = await loginCookie(server.url, 'admin@example.org', PASSWORD);
		const input = submission({ siteId: otherSiteId });
		const response = await submit(null, input, { cookie });
		expect(response.status).toBe(200);
		expect((await response.json()).id).toBe(input.id);
		const row = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ mode: 'interviewer', interviewer_id: adminId, kiosk_id: null });
		const crossSite = await submit(null, submission(), { cookie, origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
	});
});

const LIMIT = 256 * 1024;

function chunked(text: string, chunkSize = 16 * 1024): ReadableStream<Uint8Array> {
	const bytes = new TextEncoder().encode(text);
	let offset = 0;
	return new ReadableStream({
		pull(controller) {
			if (offset >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(offset, offset + chunkSize));
			offset += chunkSize;
		}
	});
}

interface CorpusCase {
	name: string;
	send: () => Promise<Response>;
	status: number;
	code?: string;
	path?: string;
}

const corpus: CorpusCase[] = [
	{
		name: 'no body',
		send: () => post('/api/v1/submissions', device, { headers: { 'content-type': '' } }),
		status: 400,
		code: 'empty_body'
	},
	{
		name: 'wrong content type',
		// As a page of the app would send it: without an Origin header SvelteKit's own CSRF check refuses text/plain first (403).
		send: () =>
			post('/api/v1/submissions', device, {
				body: JSON.stringify(submission()),
				headers: { 'content-type': 'text/plain', origin: server.url }
			}),
		status: 415,
		code: 'unsupported_media_type'
	},
	{ name: 'malformed JSON', send: () => post('/api/v1/submissions', device, { body: '{"id": "' }), status: 400, code: 'invalid_json' },
	{
		name: 'a truncated body',
		send: () => post('/api/v1/submissions', device, { body: JSON.stringify(submission()).slice(0, 200) }),
		status: 400,
		code: 'invalid_json'
	},
	{
		name: 'a body over the limit with Content-Length',
		send: () => post('/api/v1/submissions', device, { body: JSON.stringify(withText('x'.repeat(LIMIT))) }),
		status: 413,
		code: 'too_large'
	},
	{
		name: 'a body over the limit streamed without Content-Length',
		send: () => post('/api/v1/submissions', device, { body: chunked(JSON.stringify(withText('x'.repeat(LIMIT)))) }),
		status: 413,
		code: 'too_large'
	},
	{
		name: 'a body over the server-wide limit, chunked',
		send: () => post('/api/v1/submissions', device, { body: chunked(JSON.stringify(withText('x'.repeat(2 * 1024 * 1024)))) }),
		status: 413,
		code: 'too_large'
	},
	{ name: 'a 1 MB string', send: () => submit(device, withText('字'.repeat(350_000))), status: 413, code: 'too_large' },
	{
		name: 'a missing UUID',
		send: () => {
			const input = submission();
			delete input.id;
			return submit(device, input);
		},
		status: 422,
		path: 'id'
	},
	{ name: 'a malformed UUID', send: () => submit(device, submission({ id: 'x'.repeat(36) })), status: 422, path: 'id' },
	{ name: 'an unknown wave', send: () => submit(device, submission({ waveId: randomUUID() })), status: 404, path: 'waveId' },
	{
		name: 'an unknown instrument version',
		send: () => submit(device, submission({ instrumentVersionId: 'f'.repeat(64) })),
		status: 404,
		path: 'instrumentVersionId'
	},
	{
		name: 'an unknown item',
		send: () => submit(device, submission({ answers: { ...IDENTITY_ANSWERS, nope: 1 } })),
		status: 422,
		path: 'answers.nope'
	},
	{
		name: 'a wrong type',
		send: () => submit(device, submission({ answers: { ...IDENTITY_ANSWERS, bscs_3: [1] } })),
		status: 422,
		path: 'answers.bscs_3'
	},
	{
		name: 'an out-of-range value',
		send: () => submit(device, submission({ answers: { ...IDENTITY_ANSWERS, bscs_3: 6 } })),
		status: 422,
		path: 'answers.bscs_3'
	},
	{
		name: 'a NUL byte',
		send: () => submit(device, withText('a\u0000b')),
		status: 422,
		code: 'invalid_text',
		path: 'answers.dem_eth_other'
	},
	{
		name: 'a lone surrogate',
		send: () => submit(device, withText('\udfff')),
		status: 422,
		code: 'invalid_text',
		path: 'answers.dem_eth_other'
	},
	{
		name: 'deeply nested JSON',
		send: () => post('/api/v1/submissions', device, { body: '['.repeat(50_000) + ']'.repeat(50_000) }),
		status: 400,
		code: 'too_deep'
	}
];

describe('the malformed-input corpus over HTTP', () => {
	it.each(corpus)('refuses $name with a $status JSON error, storing nothing', async (c) => {
		const before = await countResponses();
		const response = await c.send();
		expect(response.status).toBe(c.status);
		const error = await errorOf(response);
		if (c.code) expect(error.code).toBe(c.code);
		if (c.path) expect(error.path).toBe(c.path);
		expect(await countResponses()).toBe(before);
	});

	it('survives a connection that ends before its declared Content-Length, storing nothing', async () => {
		const before = await countResponses();
		const body = JSON.stringify(submission());
		const url = new URL(server.url);
		const head = [
			'POST /api/v1/submissions HTTP/1.1',
			`Host: ${url.host}`,
			'Content-Type: application/json',
			`Authorization: Bearer ${device.token}`,
			`Content-Length: ${body.length + 500}`,
			'',
			''
		].join('\r\n');
		const reply = await rawExchange(head + body, true);
		// The client hung up mid-body: a 400 if the server could still answer, else nothing — never a 5xx.
		expect(reply).not.toMatch(/^HTTP\/1\.1 5/);
		expect(await countResponses()).toBe(before);
		const after = await submit(device, submission());
		expect(after.status).toBe(200);
	});

	it('leaves connections usable after refusing a large body it did not read', async () => {
		const large = JSON.stringify(withText('x'.repeat(200_000)));
		const refusals = [
			post('/api/v1/submissions', device, { body: large, headers: { 'content-type': 'text/plain', origin: server.url } }),
			post('/api/v1/submissions', null, { body: large }),
			post('/api/v1/submissions', { kioskId: '', token: 'A'.repeat(43) }, { body: large })
		];
		expect((await Promise.all(refusals)).map((r) => r.status)).toEqual([415, 401, 401]);
		const started = Date.now();
		for (let i = 0; i < 6; i++) expect((await submit(device, submission())).status).toBe(200);
		// A connection left with an unread body would stall until the server's keep-alive timeout (5 s).
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('is still serving afterwards', async () => {
		const input = submission();
		const response = await submit(device, input);
		expect(response.status).toBe(200);
		expect((await response.json()).id).toBe(input.id);
	});
});

describe('the rate limit', () => {
	it('answers 429 with Retry-After after 60 submissions in a minute from one kiosk, not from another', async () => {
		const busy = await enrolledKiosk();
		const statuses: number[] = [];
		// Small invalid bodies count like any others and store nothing.
		for (let i = 0; i < 60; i++) statuses.push((await submit(busy, {})).status);
		const limited = await submit(busy, submission());
		// A minute boundary may fall inside the loop and reset the window; then the next request passes.
		if (limited.status !== 429) expect(statuses.every((s) => s === 422)).toBe(true);
		else {
			expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
			expect((await errorOf(limited)).code).toBe('rate_limited');
		}
		const calm = await enrolledKiosk();
		expect((await submit(calm, submission())).status).toBe(200);
	});
});

describe('the kiosk device API', () => {
	it('GET /api/kiosk/bundle gives what the kiosk needs offline', async () => {
		const response = await fetch(`${server.url}/api/kiosk/bundle`, { headers: { authorization: `Bearer ${device.token}` } });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const bundle = await response.json();
		expect(bundle.kiosk).toMatchObject({ id: device.kioskId, siteId });
		expect(bundle.project).toMatchObject({ slug: 'demo', languages: expect.arrayContaining(['zh-Hans']) });
		expect(bundle.wave).not.toBeNull();
		const assigned = await db
			.selectFrom('wave_instruments')
			.select('instrument_version_id')
			.where('wave_id', '=', bundle.wave.id)
			.orderBy('position')
			.execute();
		expect(bundle.instruments.map((i: { versionId: string }) => i.versionId)).toEqual(assigned.map((a) => a.instrument_version_id));
		for (const language of bundle.project.languages)
			expect(bundle.consent[language]).toEqual({ title: expect.any(String), body: expect.any(String) });
		expect((await fetch(`${server.url}/api/kiosk/bundle`)).status).toBe(401);
	});

	it('POST /api/kiosk/refusals stores one count and nothing else', async () => {
		const count = async () =>
			Number(
				(
					await db
						.selectFrom('consent_refusals')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await count();
		const response = await post('/api/kiosk/refusals', device, { body: '{}' });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await count()).toBe(before + 1);
		const refused = await post('/api/kiosk/refusals', device, { body: JSON.stringify({ panelCode: 'K7M-4QX' }) });
		expect(refused.status).toBe(422);
		expect(await count()).toBe(before + 1);
	});

	it('POST /api/kiosk/panel-codes reserves valid codes no other kiosk gets', async () => {
		const other = await enrolledKiosk(otherSiteId);
		const [a, b] = await Promise.all(
			[device, other].map(async (d) => {
				const response = await post('/api/kiosk/panel-codes', d, { body: JSON.stringify({ count: 25 }) });
				expect(response.status).toBe(200);
				return ((await response.json()) as { codes: string[] }).codes;
			})
		);
		const defaults = ((await (await post('/api/kiosk/panel-codes', device)).json()) as { codes: string[] }).codes;
		expect(defaults).toHaveLength(10);
		const all = [...a!, ...b!, ...defaults];
		expect(new Set(all).size).toBe(60);
		expect(all.every(isValidPanelCode)).toBe(true);
		const taken = await db
			.selectFrom('respondents')
			.select('panel_code')
			.where('project_id', '=', projectId)
			.where('panel_code', 'in', all)
			.execute();
		expect(taken).toEqual([]);
	});
});
