/**
 * Two instances of the built server on one PostgreSQL database, as behind a load balancer: they
 * start together on an empty database (migrations, library and first admin stored once), every
 * submission sent to both at once is stored exactly once with one receipt, and a staff session
 * made on one instance works — and ends — on the other. Runs in the PostgreSQL pass
 * (`npm run test:postgres`); skipped on SQLite, where one process owns the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { createKiosk } from '$lib/server/kiosks';
import { baselineTarget, IDENTITY_ANSWERS, submissionBody, type SubmissionBody } from '../../helpers/submissions';
import { createEmptyTestDb, loadLibrary, onPostgres, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { loginCookie } from '../helpers/login';
import { launchServer, type ServerProcess } from '../helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
const SUBMISSIONS = 40;
/** Submissions are spread over several tablets: each device is rate-limited (60 a minute), as in the field. */
const KIOSKS = 10;

describe.runIf(onPostgres)('two app instances on one PostgreSQL database', () => {
	let database: TestDb;
	let db: Db;
	let instances: ServerProcess[] = [];
	let seeded: SeededProject;
	const tokens: string[] = [];

	beforeAll(async () => {
		database = await createEmptyTestDb();
		db = database.db;
		const env = { ...database.env, ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password };
		// Both start at once on the empty database: migrations, instrument library and first admin race.
		instances = await Promise.all([launchServer(database.path, { env }), launchServer(database.path, { env })]);
		seeded = await seedProject(db, loadLibrary());
		for (let i = 0; i < KIOSKS; i++) {
			const kiosk = await createKiosk(db, { projectId: seeded.projectId, siteId: seeded.projectSiteId, name: `Tablet ${i + 1}` }, 'cli');
			// Enrolled on either instance: the device token works on both.
			const enrolled = await fetch(`${instances[i % 2]!.url}/api/kiosk/enroll`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code: kiosk.enrollmentCode })
			});
			expect(enrolled.status).toBe(200);
			tokens.push(((await enrolled.json()) as { token: string }).token);
		}
	}, 120_000);

	afterAll(async () => {
		await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
		await database?.cleanup();
	});

	it('stored the schema, the library and the first admin once although both started together', async () => {
		const admins = await db.selectFrom('users').select('email').execute();
		expect(admins).toEqual([{ email: ADMIN.email }]);
		const versions = await db.selectFrom('instrument_versions').select('id').execute();
		expect(versions.length).toBe(loadLibrary().length);
		for (const instance of instances) expect((await fetch(`${instance.url}/login`)).status).toBe(200);
	});

	const submission = (): SubmissionBody => submissionBody(baselineTarget(seeded), IDENTITY_ANSWERS);

	const tokenOf = new Map<unknown, string>();
	function submit(instance: ServerProcess, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
		if (!tokenOf.has(body.id)) tokenOf.set(body.id, tokens[tokenOf.size % KIOSKS]!);
		return fetch(`${instance.url}/api/v1/submissions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf.get(body.id)}` },
			body: JSON.stringify(body)
		}).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
	}

	it('stores every submission exactly once when each is sent to both instances at the same moment', async () => {
		const bodies = Array.from({ length: SUBMISSIONS }, submission);
		const pairs = await Promise.all(bodies.map((body) => Promise.all([submit(instances[0]!, body), submit(instances[1]!, body)])));
		for (const [index, [a, b]] of pairs.entries()) {
			expect([a.status, b.status], `submission ${index}`).toEqual([200, 200]);
			// One instance stored it, the other answered with the original receipt, marked as a replay.
			expect([a.body.replay, b.body.replay].sort(), `submission ${index}`).toEqual([false, true]);
			const { replay: _a, ...receiptA } = a.body;
			const { replay: _b, ...receiptB } = b.body;
			expect(receiptB).toEqual(receiptA);
			expect(receiptA).toMatchObject({ id: bodies[index]!.id });
		}
		// And again, on the second instance: still the original receipt, nothing added.
		const again = await Promise.all(bodies.map((body) => submit(instances[1]!, body)));
		for (const [index, replay] of again.entries()) {
			const { replay: _r, ...receipt } = replay.body;
			const { replay: _o, ...original } = pairs[index]![0].body;
			expect(replay.body.replay).toBe(true);
			expect(receipt).toEqual(original);
		}

		const ids = bodies.map((body) => body.id as string);
		const stored = await db.selectFrom('responses').select('id').where('id', 'in', ids).execute();
		expect(stored.length).toBe(SUBMISSIONS);
		const answers = await db
			.selectFrom('answers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('response_id', 'in', ids)
			.executeTakeFirstOrThrow();
		expect(Number(answers.n)).toBe(SUBMISSIONS * Object.keys(IDENTITY_ANSWERS).length);
	});

	it('refuses a changed payload under a stored id on the other instance, leaving the original', async () => {
		const body = submission();
		expect((await submit(instances[0]!, body)).status).toBeLessThan(300);
		const changed = await submit(instances[1]!, { ...body, answers: { ...IDENTITY_ANSWERS, bscs_1: 1 } });
		expect(changed.status).toBe(409);
		const kept = await db
			.selectFrom('answers')
			.select('value_num')
			.where('response_id', '=', body.id as string)
			.where('item_key', '=', 'bscs_1')
			.executeTakeFirst();
		expect(kept?.value_num).toBe(IDENTITY_ANSWERS.bscs_1);
	});

	it('shares staff sessions: logged in on one instance, known — and logged out — on the other', async () => {
		const [first, second] = instances as [ServerProcess, ServerProcess];
		const cookie = await loginCookie(first.url, ADMIN.email, ADMIN.password);
		const onSecond = await fetch(`${second.url}/account`, { redirect: 'manual', headers: { cookie } });
		expect(onSecond.status).toBe(200);
		expect(await onSecond.text()).toContain(ADMIN.email);

		const logout = await fetch(`${second.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: second.url } });
		expect(logout.status).toBe(303);
		const afterLogout = await fetch(`${first.url}/account`, { redirect: 'manual', headers: { cookie } });
		expect(afterLogout.status).toBe(303);
		expect(afterLogout.headers.get('location')).toMatch(/\/login/);
	});
});
