/**
 * kill -9 under load. Several clients submit continuously to the built server, each submission
 * from its own kiosk's token, keeping every receipt they get; the server is SIGKILLed at a random
 * moment and restarted on the same database, round after round. After each restart every
 * acknowledged response is there exactly once with its answers and receipt, nothing is half
 * written, and the database passes integrity_check. At the end the clients retry everything that
 * was never acknowledged, as a kiosk's outbox does: every submission is then stored once.
 *
 * ANJU_KILL_ROUNDS sets the rounds (default 5, in `npm test`); `npm run test:kill9` runs 50
 * (about 2 minutes; 50 rounds stored some 7,600 submissions here).
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import {
	asStored,
	checkDatabase,
	enrollDevice,
	identitySubmission,
	inChunks,
	participationSubmission,
	startFaultWorld,
	storedAnswers,
	textSubmission,
	type Device,
	type FaultWorld
} from './world';
import type { SubmissionBody } from '../../helpers/submissions';

const ROUNDS = Number(process.env.ANJU_KILL_ROUNDS ?? 5);
const CLIENTS = 4;
/** Each kiosk may send 60 a minute; a client spreads its load over this many. */
const DEVICES_PER_CLIENT = 4 + 2 * ROUNDS;
/** The kill comes this long after the clients start (ms, uniform). */
const KILL_AFTER = { min: 200, max: 1500 };

interface Receipt {
	id: string;
	receivedAt: string;
	status: string;
	replay: boolean;
}

interface Pending {
	body: SubmissionBody;
	device: Device;
}

/** A kiosk's limit was reached: not before this time again. */
type Limited = Map<Device, number>;

interface Client {
	devices: Device[];
	limited: Limited;
	/** Sent and never acknowledged (a retry goes from the same kiosk, as its outbox would). */
	unacknowledged: Map<string, Pending>;
	inFlight: number;
}

const sent = new Map<string, Pending>();
const acknowledged = new Map<string, Receipt>();
/** Replies that are neither a receipt, a rate limit nor a 503: each fails the test. */
const unexpected: string[] = [];
let world: FaultWorld;
let url: string;

function newBody(n: number): SubmissionBody {
	if (n % 3 === 0) return identitySubmission(world);
	if (n % 3 === 1) return participationSubmission(world);
	return textSubmission(world, `第${n}户：自由文本 <b>&amp;</b> '"`);
}

/** Sends one submission; records a receipt, or keeps it for a retry. */
async function send(client: Client, pending: Pending): Promise<void> {
	const { body, device } = pending;
	sent.set(body.id, pending);
	client.inFlight++;
	let status: number;
	let text: string;
	let retryAfter: string | null;
	try {
		const response = await fetch(`${url}/api/v1/submissions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(20_000)
		});
		status = response.status;
		retryAfter = response.headers.get('retry-after');
		text = await response.text();
	} catch {
		// Refused, reset or cut off by the kill: the client cannot know whether it was stored.
		client.unacknowledged.set(body.id, pending);
		return;
	} finally {
		client.inFlight--;
	}
	if (status === 200) {
		const receipt = JSON.parse(text) as Receipt;
		if (receipt.id !== body.id) unexpected.push(`receipt for ${receipt.id} in reply to ${body.id}`);
		const earlier = acknowledged.get(body.id);
		if (earlier && earlier.receivedAt !== receipt.receivedAt) unexpected.push(`${body.id} acknowledged twice with different receipts`);
		acknowledged.set(body.id, receipt);
		client.unacknowledged.delete(body.id);
		return;
	}
	client.unacknowledged.set(body.id, pending);
	if (status === 429) client.limited.set(device, Date.now() + Number(retryAfter ?? 1) * 1000);
	else if (status !== 503) unexpected.push(`${status} ${text.slice(0, 300)}`);
}

function freeDevices(client: Client): Device[] {
	const now = Date.now();
	return client.devices.filter((d) => (client.limited.get(d) ?? 0) <= now);
}

/** Submits until `running()` turns false: mostly new responses, a quarter of the time a retry. */
async function load(client: Client, running: () => boolean, counter: { n: number }): Promise<void> {
	while (running()) {
		const free = new Set(freeDevices(client));
		if (free.size === 0) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			continue;
		}
		const retry = Math.random() < 0.25 ? [...client.unacknowledged.values()].find((p) => free.has(p.device)) : undefined;
		const device = [...free][randomInt(free.size)]!;
		await send(client, retry ?? { body: newBody(counter.n++), device });
	}
}

/** Retries every unacknowledged submission of the client until it is acknowledged. */
async function drain(client: Client): Promise<void> {
	const deadline = Date.now() + 180_000;
	while (client.unacknowledged.size > 0) {
		if (Date.now() > deadline) throw new Error(`${client.unacknowledged.size} submissions still unacknowledged`);
		const free = new Set(freeDevices(client));
		const next = [...client.unacknowledged.values()].find((p) => free.has(p.device));
		if (next) await send(client, next);
		else await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * What is stored for the submissions sent so far: every acknowledged one with its receipt and
 * answers; any other one complete or absent; nothing else from these kiosks; one respondent per code.
 */
async function expectConsistent(db: Db, clients: Client[]): Promise<{ stored: number; storedUnacknowledged: number }> {
	const ids = [...sent.keys()];
	const found = await inChunks(ids, (chunk) =>
		db.selectFrom('responses').select(['id', 'received_at', 'status', 'kiosk_id']).where('id', 'in', chunk).execute()
	);
	const rows = new Map(found.map((row) => [row.id, row]));
	for (const [id, receipt] of acknowledged) {
		expect(rows.get(id), `acknowledged response ${id}`).toMatchObject({ received_at: receipt.receivedAt, status: receipt.status });
	}
	const answers = await storedAnswers(db, [...rows.keys()]);
	for (const [id, row] of rows) {
		const { body, device } = sent.get(id)!;
		expect(row.kiosk_id).toBe(device.kioskId);
		expect(answers.get(id), `answers of ${id}`).toEqual(asStored(body.answers));
	}
	const kioskIds = clients.flatMap((c) => c.devices.map((d) => d.kioskId));
	const fromKiosks = await db.selectFrom('responses').select('id').where('kiosk_id', 'in', kioskIds).execute();
	expect(fromKiosks.length).toBe(rows.size);
	const codes = [...sent.values()].map((p) => p.body.panelCode);
	const respondents = await db
		.selectFrom('respondents')
		.select(['panel_code', (eb) => eb.fn.countAll<number>().as('n')])
		.where('project_id', '=', world.projectId)
		.where('panel_code', 'in', codes)
		.groupBy('panel_code')
		.having((eb) => eb.fn.countAll(), '>', 1)
		.execute();
	expect(respondents).toEqual([]);
	expect(await checkDatabase(db)).toEqual({ integrity: ['ok'], foreignKeys: [] });
	const storedUnacknowledged = [...rows.keys()].filter((id) => !acknowledged.has(id)).length;
	return { stored: rows.size, storedUnacknowledged };
}

const clients: Client[] = [];

beforeAll(async () => {
	world = await startFaultWorld();
	url = world.url;
	for (let c = 0; c < CLIENTS; c++) {
		const devices: Device[] = [];
		for (let d = 0; d < DEVICES_PER_CLIENT; d++) devices.push(await enrollDevice(world));
		clients.push({ devices, limited: new Map(), unacknowledged: new Map(), inFlight: 0 });
	}
	// From here on the server is the database's only user, as in production; the test looks after each restart.
	await world.closeDb();
});

afterAll(async () => {
	await world?.stop();
});

describe(`kill -9 under load (${ROUNDS} rounds, ${CLIENTS} clients)`, () => {
	it(
		'keeps every acknowledged response exactly once across crashes, and every retried one once',
		async () => {
			const counter = { n: 0 };
			for (let round = 1; round <= ROUNDS; round++) {
				let running = true;
				const loads = clients.map((client) => load(client, () => running, counter));
				await new Promise((resolve) => setTimeout(resolve, randomInt(KILL_AFTER.min, KILL_AFTER.max)));
				const inFlight = clients.reduce((sum, c) => sum + c.inFlight, 0);
				await world.server.kill('SIGKILL');
				running = false;
				await Promise.all(loads);
				await world.restart();
				world.openDb();
				const { stored, storedUnacknowledged } = await expectConsistent(world.db, clients);
				await world.closeDb();
				expect(unexpected).toEqual([]);
				console.log(
					`round ${round}: ${sent.size} sent, ${acknowledged.size} acknowledged, ${stored} stored (${storedUnacknowledged} stored but unacknowledged), ${inFlight} in flight at the kill`
				);
			}
			expect(acknowledged.size).toBeGreaterThan(0);

			await Promise.all(clients.map(drain));
			expect(unexpected).toEqual([]);
			world.openDb();
			const { stored } = await expectConsistent(world.db, clients);
			expect(acknowledged.size).toBe(sent.size);
			expect(stored).toBe(sent.size);
			// A replay of an acknowledged submission still gets its original receipt.
			const [id, receipt] = [...acknowledged].find(([key]) => clients.some((c) => freeDevices(c).includes(sent.get(key)!.device)))!;
			const client = clients.find((c) => c.devices.includes(sent.get(id)!.device))!;
			acknowledged.delete(id);
			await send(client, sent.get(id)!);
			expect(acknowledged.get(id)).toEqual({ ...receipt, replay: true });
		},
		120_000 + ROUNDS * 15_000
	);
});
