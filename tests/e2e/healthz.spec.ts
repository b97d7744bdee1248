/**
 * GET /healthz on the built server, as a supervisor or load balancer calls it: public, JSON, and
 * cheap — no session is looked up (an unknown session cookie is left alone rather than cleared)
 * and no language cookie is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/server';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server?.stop());

describe('GET /healthz', () => {
	it('answers 200 with the database and migrations ok, without login', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({ status: 'ok', database: 'ok', migrations: 'current' });
	});

	it('sets no cookie and looks up no session', async () => {
		const response = await fetch(`${server.url}/healthz`, { headers: { cookie: 'anju_session=not-a-session' } });
		expect(response.status).toBe(200);
		// A looked-up unknown session would be cleared with a Set-Cookie; a page would also pin the language.
		expect(response.headers.get('set-cookie')).toBeNull();
		const page = await fetch(`${server.url}/login`, { headers: { cookie: 'anju_session=not-a-session' } });
		expect(page.headers.get('set-cookie')).toMatch(/anju_session=;/);
	});
});
