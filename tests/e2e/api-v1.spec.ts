/**
 * The JSON API on the built server over HTTP: every API route answered for every kind of caller
 * (API token, session, nobody, a non-member, a revoked or disabled token, a read token on a write),
 * JSON errors with codes, the cross-site rule for sessions but not tokens, real answers validated
 * against the served OpenAPI document, cursor paging over HTTP, and a token made on /account in
 * Chromium (JavaScript on and off) used with fetch, then revoked. Screenshots of /account at phone
 * and desktop width in both languages go to /tmp/api-tokens/ for a human look.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@cfworker/json-schema';
import type { Browser } from 'playwright-core';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createApiToken, revokeApiToken } from '$lib/server/api-tokens';
import { addMember } from '$lib/server/members';
import { createProject } from '$lib/server/projects';
import { createUser, setUserDisabled, setUserLocale, type User } from '$lib/server/users';
import { generatePanelCode } from '$lib/panel-code';
import { ROUTE_RULES } from '$lib/server/guard';
import { listRoutes } from '../helpers/routes';
import { launchBrowser } from './helpers/browser';
import { loginCookie, logInThroughForm } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

const PASSWORD = 'a long enough password';
const KEY = 'e2e-pseudonym-key-0001';
const SCREENSHOTS = '/tmp/api-tokens';
let server: RunningServer;
let db: Db;
let browser: Browser;
const users: Record<'evaluator' | 'coordinator' | 'outsider' | 'leaver', User> = {} as never;
const tokens: Record<'admin' | 'evaluator' | 'coordinatorRead' | 'coordinatorWrite' | 'outsider' | 'leaver' | 'revoked', string> =
	{} as never;
let evaluatorCookie = '';
let adminCookie = '';
const params: Record<string, string> = { slug: 'demo', file: 'codebook.csv' };
let demo: { waveId: string; siteId: string; versionId: string };

async function makeToken(user: Pick<User, 'id' | 'role'>, scope: 'read' | 'write'): Promise<string> {
	const result = await createApiToken(db, user, { name: `e2e ${scope}`, scope, expiry: '30' });
	if (!result.ok) throw new Error(result.error);
	return result.token;
}

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: 'admin@example.org', ANJU_ADMIN_PASSWORD: PASSWORD });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
	const project = await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
	const other = await createProject(db, { slug: 'other', name: 'Other', languages: ['zh-Hans'] });
	const make = (email: string, role: 'evaluator' | 'coordinator') =>
		createUser(db, { email, name: email.split('@')[0]!, password: PASSWORD, role });
	users.evaluator = await make('eval@example.org', 'evaluator');
	users.coordinator = await make('coord@example.org', 'coordinator');
	users.outsider = await make('outsider@example.org', 'coordinator');
	users.leaver = await make('leaver@example.org', 'coordinator');
	for (const user of [users.evaluator, users.coordinator, users.leaver]) await addMember(db, project.id, user.id, null);
	await addMember(db, other.id, users.outsider.id, null);
	await setUserLocale(db, users.evaluator.id, 'en');
	const admin = await db.selectFrom('users').select(['id', 'role']).where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
	tokens.admin = await makeToken(admin, 'read');
	tokens.evaluator = await makeToken(users.evaluator, 'read');
	tokens.coordinatorRead = await makeToken(users.coordinator, 'read');
	tokens.coordinatorWrite = await makeToken(users.coordinator, 'write');
	tokens.outsider = await makeToken(users.outsider, 'read');
	tokens.leaver = await makeToken(users.leaver, 'write');
	await setUserDisabled(db, users.leaver.id, true, { userId: admin.id });
	tokens.revoked = await makeToken(users.evaluator, 'read');
	const revoked = await db
		.selectFrom('api_tokens')
		.select('id')
		.where('user_id', '=', users.evaluator.id)
		.orderBy('created_at', 'desc')
		.executeTakeFirstOrThrow();
	await revokeApiToken(db, users.evaluator.id, revoked.id);
	evaluatorCookie = await loginCookie(server.url, 'eval@example.org', PASSWORD);
	adminCookie = await loginCookie(server.url, 'admin@example.org', PASSWORD);

	const wave = await db
		.selectFrom('waves')
		.select('id')
		.where('project_id', '=', project.id)
		.orderBy('wave_order')
		.executeTakeFirstOrThrow();
	const site = await db.selectFrom('sites').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow();
	const version = await db
		.selectFrom('wave_instruments')
		.select('instrument_version_id')
		.where('wave_id', '=', wave.id)
		.executeTakeFirstOrThrow();
	demo = { waveId: wave.id, siteId: site.id, versionId: version.instrument_version_id };
	params.versionId = demo.versionId;
	browser = await launchBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
	await server?.stop();
});

type Auth = { token?: string; cookie?: string; origin?: string };

function call(method: string, path: string, auth: Auth = {}, body?: unknown): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method,
		redirect: 'manual',
		headers: {
			...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
			...(auth.cookie ? { cookie: auth.cookie } : {}),
			...(auth.origin ? { origin: auth.origin } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {})
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

async function errorCode(response: Response): Promise<string> {
	expect(response.headers.get('content-type')).toContain('application/json');
	return ((await response.json()) as { error: { code: string } }).error.code;
}

function submission(): Record<string, unknown> {
	const now = new Date().toISOString();
	return {
		id: randomUUID(),
		waveId: demo.waveId,
		siteId: demo.siteId,
		instrumentVersionId: demo.versionId,
		panelCode: generatePanelCode(Math.random),
		mode: 'interviewer',
		language: 'zh-Hans',
		consentAt: now,
		startedAt: now,
		status: 'partial',
		answers: {}
	};
}

/** Every staff API route (kiosk device routes have their own tests) as a concrete path with its methods. */
const staffApiRoutes = listRoutes().filter(
	(r) => r.endpointMethods.length > 0 && r.id.startsWith('/api/') && !r.id.startsWith('/api/kiosk/')
);
/** The routes with their parameters filled in (known once the server is seeded). */
const apiRoutes = () =>
	staffApiRoutes.map((r) => ({ ...r, path: r.id.replace(/\[(\w+)\]/g, (_, name: string) => params[name] ?? `<no value for ${name}>`) }));
const level = (routeId: string, method: string) => (method === 'GET' ? ROUTE_RULES[routeId]?.read : ROUTE_RULES[routeId]?.write);
const readRoutes = () => apiRoutes().filter((r) => r.endpointMethods.includes('GET') && r.id !== '/api/v1/submissions');
const withKey = (path: string) => (path.includes('/responses') || path.includes('/exports/') ? `${path}?key=${KEY}` : path);

describe('who may call each API route', () => {
	it('covers the API routes', () => {
		expect(apiRoutes().map((r) => r.id)).toEqual(
			expect.arrayContaining(['/api/v1/projects', '/api/v1/projects/[slug]/responses', '/api/v1/submissions'])
		);
		expect(apiRoutes().filter((r) => r.path.includes('<no value'))).toEqual([]);
	});

	it('answers nobody 401 JSON unless the route is public', async () => {
		for (const route of readRoutes()) {
			const response = await call('GET', withKey(route.path));
			if (level(route.id, 'GET') === 'public') expect(response.status, route.path).toBe(200);
			else {
				expect(response.status, route.path).toBe(401);
				expect(await errorCode(response)).toBe('unauthenticated');
			}
		}
	});

	it("lets a member's read token and session read every route", async () => {
		for (const route of readRoutes()) {
			for (const auth of [{ token: tokens.evaluator }, { cookie: evaluatorCookie }, { token: tokens.coordinatorRead }]) {
				const response = await call('GET', withKey(route.path), auth);
				expect(response.status, `${route.path} ${JSON.stringify(auth).slice(0, 20)}`).toBe(200);
			}
		}
	});

	it("refuses a non-member's token the project's routes (403 JSON), not the others", async () => {
		for (const route of readRoutes()) {
			const response = await call('GET', withKey(route.path), { token: tokens.outsider });
			const expected = level(route.id, 'GET') === 'member' ? 403 : 200;
			expect(response.status, route.path).toBe(expected);
			if (expected === 403) expect(await errorCode(response)).toBe('forbidden');
		}
	});

	it('refuses revoked tokens, tokens of disabled users and made-up tokens everywhere (401 invalid_token)', async () => {
		for (const route of apiRoutes()) {
			for (const method of route.endpointMethods) {
				for (const token of [tokens.revoked, tokens.leaver, 'anju_not-a-real-token']) {
					const response = await call(method, withKey(route.path), { token }, method === 'GET' ? undefined : submission());
					expect(response.status, `${method} ${route.path}`).toBe(401);
					expect(await errorCode(response)).toBe('invalid_token');
					expect(response.headers.get('www-authenticate')).toContain('invalid_token');
				}
			}
		}
	});

	it('refuses read tokens every write (403 insufficient_scope), and stores nothing', async () => {
		const before = await db
			.selectFrom('responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		for (const route of apiRoutes()) {
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
				for (const token of [tokens.evaluator, tokens.coordinatorRead, tokens.admin]) {
					const response = await call(method, route.path, { token }, submission());
					expect(response.status, `${method} ${route.path}`).toBe(403);
					expect(await errorCode(response)).toBe('insufficient_scope');
				}
			}
		}
		const after = await db
			.selectFrom('responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it("lets a coordinator's write token submit an interview as that coordinator, from any origin", async () => {
		const body = submission();
		const response = await call('POST', '/api/v1/submissions', { token: tokens.coordinatorWrite, origin: 'https://scripts.example' }, body);
		expect(response.status, await response.clone().text()).toBe(200);
		expect(await response.json()).toMatchObject({ id: body.id, status: 'partial', replay: false });
		const stored = await db
			.selectFrom('responses')
			.select(['mode', 'interviewer_id'])
			.where('id', '=', body.id as string)
			.executeTakeFirstOrThrow();
		expect(stored).toEqual({ mode: 'interviewer', interviewer_id: users.coordinator.id });
	});

	it('still refuses cross-site writes made with a session', async () => {
		const response = await call('POST', '/api/v1/submissions', { cookie: adminCookie, origin: 'https://evil.example' }, submission());
		expect(response.status).toBe(403);
		expect(await errorCode(response)).toBe('cross_origin');
	});

	it('never lets a token open a page or post a form', async () => {
		const page = await call('GET', '/projects/demo', { token: tokens.admin });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/login/);
		const action = await fetch(`${server.url}/account?/createToken`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				authorization: `Bearer ${tokens.coordinatorWrite}`,
				origin: server.url,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ name: 'sneaky', scope: 'write' })
		});
		expect(action.status).toBe(401);
		expect(await db.selectFrom('api_tokens').select('id').where('name', '=', 'sneaky').execute()).toEqual([]);
	});
});

describe('API errors are JSON with a code', () => {
	it.each([
		['an unknown project', 'GET', '/api/v1/projects/no-such-project/sites', 404, 'not_found'],
		['an unknown address', 'GET', '/api/v1/no-such-thing', 404, 'not_found'],
		['an unknown instrument version', 'GET', '/api/v1/instrument-versions/0000', 404, 'not_found'],
		['a method the route lacks', 'DELETE', '/api/v1/projects/demo/sites', 405, 'method_not_allowed'],
		['a missing pseudonym key', 'GET', '/api/v1/projects/demo/responses', 400, 'key_required'],
		['a bad cursor', 'GET', `/api/v1/projects/demo/responses?key=${KEY}&cursor=xyz`, 400, 'invalid_cursor'],
		['panel codes for a coordinator', 'GET', `/api/v1/projects/demo/responses?key=${KEY}&panel_codes=1`, 403, 'panel_codes_forbidden']
	])('%s', async (_, method, path, status, code) => {
		const response = await call(method, path, { token: tokens.coordinatorWrite });
		expect(response.status).toBe(status);
		expect(await errorCode(response)).toBe(code);
	});
});

describe('the OpenAPI document', () => {
	let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };

	function validate(schema: unknown, value: unknown): string[] {
		const validator = new Validator({ $id: 'https://anju.invalid/answer', ...(schema as object) } as never, '2020-12', false);
		validator.addSchema({ $id: 'https://anju.invalid/openapi.json', ...doc } as never);
		return validator.validate(value).errors.map((e) => `${e.instanceLocation}: ${e.error}`);
	}

	/** The documented schema of an answer, with refs pointing into the whole document. */
	function schemaOf(path: string, method: string, status: string): unknown {
		const schema = doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
		if (!schema) throw new Error(`no JSON schema documented for ${method} ${path} ${status}`);
		return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://anju.invalid/openapi.json#/components/'));
	}

	beforeAll(async () => {
		const response = await call('GET', '/api/openapi.json');
		expect(response.status).toBe(200);
		doc = await response.json();
	});

	it('is served to anyone', () => {
		expect(doc).toMatchObject({ openapi: '3.1.0' });
	});

	it('describes what every JSON GET really answers, on the seeded demo', async () => {
		const checked: string[] = [];
		for (const [path, operations] of Object.entries(doc.paths)) {
			if (!operations.get?.responses['200']?.content?.['application/json'] || path.startsWith('/api/kiosk/')) continue;
			const concrete = withKey(path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!));
			const response = await call('GET', concrete, { token: tokens.admin });
			expect(response.status, concrete).toBe(200);
			const body = await response.json();
			expect(validate(schemaOf(path, 'get', '200'), body), concrete).toEqual([]);
			checked.push(path);
		}
		expect(checked).toEqual(
			expect.arrayContaining([
				'/api/v1/projects',
				'/api/v1/projects/{slug}',
				'/api/v1/projects/{slug}/sites',
				'/api/v1/projects/{slug}/waves',
				'/api/v1/projects/{slug}/responses',
				'/api/v1/projects/{slug}/indicators',
				'/api/v1/instrument-versions',
				'/api/v1/instrument-versions/{versionId}'
			])
		);
	});

	it('would catch an answer that does not match', () => {
		const schema = schemaOf('/api/v1/projects/{slug}/sites', 'get', '200');
		expect(validate(schema, { data: [{ id: 's', name: 'A', arm: 'both', targetPerWave: 1, region: null }] })).not.toEqual([]);
		expect(validate(schema, { data: [] })).toEqual([]);
	});

	it('describes error answers too', async () => {
		for (const [path, status, auth] of [
			['/api/v1/projects/{slug}/sites', '401', {}],
			['/api/v1/projects/{slug}/sites', '403', { token: tokens.outsider }],
			['/api/v1/projects/{slug}/responses', '400', { token: tokens.admin }]
		] as const) {
			const response = await call('GET', path.replace('{slug}', 'demo'), auth);
			expect(response.status).toBe(Number(status));
			expect(validate(schemaOf(path, 'get', status), await response.json())).toEqual([]);
		}
	});

	it('streams export files with the documented content type', async () => {
		const response = await call('GET', '/api/v1/projects/demo/exports/codebook.csv', { token: tokens.evaluator });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(Object.keys(doc.paths['/api/v1/projects/{slug}/exports/{file}']!.get!.responses['200']!.content!)).toContain('text/csv');
	});
});

describe('responses over HTTP', () => {
	it('pages through every response of the project exactly once', async () => {
		const expected = await db
			.selectFrom('responses')
			.innerJoin('projects', 'projects.id', 'responses.project_id')
			.select('responses.id')
			.where('projects.slug', '=', 'demo')
			.where('responses.received_at', '<', new Date(Date.now() - 3000).toISOString())
			.execute();
		const seen: string[] = [];
		let next: string | null = '';
		let pages = 0;
		while (next !== null && pages < 200) {
			const response = await call('GET', `/api/v1/projects/demo/responses?key=${KEY}&limit=7${next ? `&cursor=${next}` : ''}`, {
				token: tokens.evaluator
			});
			expect(response.status).toBe(200);
			const page = (await response.json()) as { data: { id: string; respondent: string }[]; nextCursor: string | null };
			seen.push(...page.data.map((r) => r.id));
			next = page.nextCursor;
			pages++;
		}
		expect(pages).toBeGreaterThan(2);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen).toEqual(expect.arrayContaining(expected.map((r) => r.id)));
	});
});

describe.each([true, false])('an API token made on /account (JavaScript %s)', (javaScriptEnabled) => {
	it('is shown once, works with fetch, and stops working when revoked', async () => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		await logInThroughForm(page, server.url, 'eval@example.org', PASSWORD);
		await page.goto(`${server.url}/account`);
		const section = page.locator('section', { has: page.getByRole('heading', { name: 'API tokens' }) });
		const name = `Laptop R ${javaScriptEnabled ? 'js' : 'nojs'}`;
		await section.getByLabel('Name', { exact: true }).fill(name);
		// Evaluators are offered read-only tokens and no choice.
		expect(await section.getByRole('radio').count()).toBe(0);
		await section.getByRole('button', { name: 'Create token' }).click();
		const shown = section.getByLabel('Token', { exact: true });
		await shown.waitFor();
		const token = await shown.inputValue();
		expect(token).toMatch(/^anju_[\w-]{43}$/);
		await page.screenshot({ path: `${SCREENSHOTS}/created-${javaScriptEnabled ? 'js' : 'nojs'}.png`, fullPage: true });

		const projects = await call('GET', '/api/v1/projects', { token });
		expect(projects.status).toBe(200);
		expect(((await projects.json()) as { data: { slug: string }[] }).data.map((p) => p.slug)).toEqual(['demo']);
		expect((await call('POST', '/api/v1/submissions', { token }, submission())).status).toBe(403);

		// Shown once: the page, opened again, lists it by its prefix only.
		await page.goto(`${server.url}/account`);
		expect(await section.getByLabel('Token', { exact: true }).count()).toBe(0);
		expect(await page.content()).not.toContain(token);
		const card = section.locator('article', { has: page.getByRole('heading', { name }) });
		expect(await card.locator('code').textContent()).toBe(`${token.slice(0, 11)}…`);
		expect(await card.textContent()).toContain('Read only');
		// Made with the form's default: it expires in 90 days.
		const expiresAt = await db.selectFrom('api_tokens').select('expires_at').where('name', '=', name).executeTakeFirstOrThrow();
		expect(Date.parse(expiresAt.expires_at!) - Date.now()).toBeGreaterThan(89 * 86_400_000);
		expect(Date.parse(expiresAt.expires_at!) - Date.now()).toBeLessThan(90 * 86_400_000);
		expect(await card.textContent()).toContain('Expires');

		await Promise.all([page.waitForLoadState('load'), card.getByRole('button', { name: `Revoke token ${name}` }).click()]);
		await expect.poll(() => card.textContent()).toContain('Revoked');
		const refused = await call('GET', '/api/v1/projects', { token });
		expect(refused.status).toBe(401);
		expect(await errorCode(refused)).toBe('invalid_token');
		await context.close();
	});
});

describe('the tokens section for a person', () => {
	it.each([
		['en-US', 'en', 360],
		['en-US', 'en', 1024],
		['zh-CN', 'zh-Hans', 360],
		['zh-CN', 'zh-Hans', 1024]
	])('fits %s at %i px (screenshot)', async (browserLocale, locale, width) => {
		await setUserLocale(db, users.coordinator.id, locale);
		const context = await browser.newContext({ locale: browserLocale, viewport: { width, height: 900 } });
		const page = await context.newPage();
		await logInThroughForm(page, server.url, 'coord@example.org', PASSWORD);
		await page.goto(`${server.url}/account`);
		await page.screenshot({ path: `${SCREENSHOTS}/account-${locale}-${width}.png`, fullPage: true });
		const [scrollWidth, clientWidth] = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			document.documentElement.clientWidth
		]);
		expect(scrollWidth).toBeLessThanOrEqual(clientWidth!);
		// Coordinators choose between read only and read and submit.
		expect(await page.getByRole('radio').count()).toBe(2);
		await context.close();
	});
});
