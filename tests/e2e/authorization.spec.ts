/**
 * Walks every route and form action of the app (from the route tree, so a new one cannot be
 * forgotten) against the built server and proves: the anonymous are sent to log in (401 for APIs
 * and writes); an evaluator gets 403 on every change; a coordinator gets 403 on another project's
 * data; cross-site writes are refused whatever their content type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { addMember } from '$lib/server/members';
import { createProject } from '$lib/server/projects';
import { createUser } from '$lib/server/users';
import { listRoutes, type AppRoute } from '../helpers/routes';
import { ROUTE_RULES } from '$lib/server/guard';
import { loginCookie } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

const PASSWORD = 'a long enough password';
let server: RunningServer;
let db: Db;
const cookies: Record<'admin' | 'evaluator' | 'outsider', string> = { admin: '', evaluator: '', outsider: '' };
const params: Record<string, string> = {};

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: 'admin@example.org', ANJU_ADMIN_PASSWORD: PASSWORD });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
	const demo = await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
	const other = await createProject(db, { slug: 'other', name: 'Other', languages: ['zh-Hans'] });
	const evaluator = await createUser(db, { email: 'eval@example.org', name: 'Eval', password: PASSWORD, role: 'evaluator' });
	const outsider = await createUser(db, { email: 'coord-b@example.org', name: 'Coord B', password: PASSWORD, role: 'coordinator' });
	await addMember(db, demo.id, evaluator.id, null);
	await addMember(db, other.id, outsider.id, null);
	params.slug = 'demo';
	params.key = 'community-identity';
	params.scale = 'sense_of_community';
	params.waveId = (await db.selectFrom('waves').select('id').where('project_id', '=', demo.id).executeTakeFirstOrThrow()).id;
	params.responseId = (await db.selectFrom('responses').select('id').where('project_id', '=', demo.id).executeTakeFirstOrThrow()).id;
	params.versionId = (await db.selectFrom('instrument_versions').select('id').executeTakeFirstOrThrow()).id;
	params.file = 'codebook.csv';
	cookies.admin = await loginCookie(server.url, 'admin@example.org', PASSWORD);
	cookies.evaluator = await loginCookie(server.url, 'eval@example.org', PASSWORD);
	cookies.outsider = await loginCookie(server.url, 'coord-b@example.org', PASSWORD);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

function pathOf(route: AppRoute): string {
	return route.id.replace(/\[(\w+)\]/g, (_, name: string) => {
		const value = params[name];
		if (!value) throw new Error(`no test value for route parameter [${name}] of ${route.id}`);
		return value;
	});
}

/** Every request a route answers: its page (GET), each form action (POST) and each endpoint method. */
function requestsOf(route: AppRoute): { method: string; path: string; write: boolean }[] {
	const path = pathOf(route);
	const requests: { method: string; path: string; write: boolean }[] = [];
	if (route.page) requests.push({ method: 'GET', path, write: false });
	for (const action of route.actions)
		requests.push({ method: 'POST', path: action === 'default' ? path : `${path}?/${action}`, write: true });
	for (const method of route.endpointMethods) requests.push({ method, path, write: method !== 'GET' });
	return requests;
}

function send(request: { method: string; path: string }, cookie?: string, extra: Record<string, string> = {}) {
	const isForm = request.method !== 'GET';
	return fetch(`${server.url}${request.path}`, {
		method: request.method,
		redirect: 'manual',
		headers: {
			origin: server.url,
			// As a browser sends it: SvelteKit answers form actions with JSON otherwise.
			accept: 'text/html',
			...(cookie ? { cookie } : {}),
			...(isForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
			...extra
		},
		body: isForm ? '' : undefined
	});
}

const routes = listRoutes();
const levelOf = (route: AppRoute, write: boolean) => (write ? ROUTE_RULES[route.id]?.write : ROUTE_RULES[route.id]?.read);

describe('every route and form action', () => {
	it('covers a non-trivial tree', () => {
		expect(routes.length).toBeGreaterThan(10);
		expect(routes.flatMap((r) => r.actions).length).toBeGreaterThan(5);
	});

	it('sends the anonymous to log in, or answers 401, unless public', async () => {
		for (const route of routes) {
			for (const request of requestsOf(route)) {
				if (levelOf(route, request.write) === 'public') continue;
				const response = await send(request);
				const where = `${request.method} ${request.path}`;
				if (request.method === 'GET' && route.page) {
					expect(response.status, where).toBe(303);
					expect(response.headers.get('location'), where).toMatch(/^\/login\?redirectTo=/);
				} else expect(response.status, where).toBe(401);
			}
		}
	});

	it('refuses an evaluator every change (403)', async () => {
		for (const route of routes) {
			for (const request of requestsOf(route).filter((r) => r.write)) {
				if (['public', 'staff'].includes(levelOf(route, true) ?? '')) continue;
				const response = await send(request, cookies.evaluator);
				expect(response.status, `${request.method} ${request.path}`).toBe(403);
			}
		}
	});

	it("refuses a coordinator another project's pages and changes (403)", async () => {
		for (const route of routes.filter((r) => r.id.startsWith('/projects/[slug]'))) {
			for (const request of requestsOf(route)) {
				const response = await send(request, cookies.outsider);
				expect(response.status, `${request.method} ${request.path}`).toBe(403);
			}
		}
	});

	it('opens every page for an admin', async () => {
		for (const route of routes.filter((r) => r.page)) {
			const response = await send({ method: 'GET', path: pathOf(route) }, cookies.admin);
			// The login page sends someone already logged in on to the projects.
			expect(response.status, pathOf(route)).toBe(route.id === '/login' ? 303 : 200);
		}
	});

	it('refuses cross-site writes, JSON included, even for an admin', async () => {
		for (const route of routes) {
			for (const request of requestsOf(route).filter((r) => r.write)) {
				for (const contentType of ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) {
					const response = await send(request, cookies.admin, { origin: 'https://evil.example', 'content-type': contentType });
					expect(response.status, `${request.method} ${request.path} (${contentType})`).toBe(403);
				}
			}
		}
	});
});
