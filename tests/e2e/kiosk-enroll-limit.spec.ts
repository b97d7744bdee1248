/**
 * Guessing enrollment codes: POST /api/kiosk/enroll takes 60 wrong codes per client address in 10
 * minutes, then answers 429 with Retry-After — even for a good code — while other addresses carry
 * on. Codes that work are not counted. The server runs as behind a proxy (ADDRESS_HEADER), so each test address is its own client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createKiosk } from '$lib/server/kiosks';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

let server: RunningServer;
let db: Db;

beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
});

function enroll(code: string, address: string): Promise<Response> {
	return fetch(`${server.url}/api/kiosk/enroll`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
		body: JSON.stringify({ code })
	});
}

async function newCode(): Promise<string> {
	const project = await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
	const site = await db.selectFrom('sites').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow();
	return (await createKiosk(db, { projectId: project.id, siteId: site.id, name: 'Entrance tablet' }, 'cli')).enrollmentCode;
}

describe('enrollment attempts per address', () => {
	it('after 60 wrong codes in 10 minutes from one address refuses even a good one, not from another address', async () => {
		const guesser = '198.51.100.7';
		const window = () => Math.floor(Date.now() / 600_000);
		const firstWindow = window();
		const statuses: number[] = [];
		for (let i = 0; i < 59; i++) statuses.push((await enroll('ZZZZ-ZZZZ', guesser)).status);
		// Good codes between the wrong ones do not count.
		for (let i = 0; i < 2; i++) expect((await enroll(await newCode(), guesser)).status).toBe(200);
		statuses.push((await enroll('ZZZZ-ZZZZ', guesser)).status);
		const refused = await enroll(await newCode(), guesser);
		// A new 10-minute window began during the loop (the server's clock is this machine's): the count started over.
		if (window() !== firstWindow) return;
		expect(refused.status).toBe(429);
		expect(statuses.every((s) => s === 404)).toBe(true);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const body = (await refused.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('rate_limited');
		expect(body.error.message).toContain(guesser);

		const coordinator = await enroll(await newCode(), '203.0.113.20');
		expect(coordinator.status).toBe(200);
		expect(((await coordinator.json()) as { token: string }).token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
	});
});
