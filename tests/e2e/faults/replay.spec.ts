/**
 * Replays over HTTP against the built server. Every submission of a run is sent three times —
 * sequentially, and concurrently on separate connections — and stored once; every replay gets
 * the original receipt byte for byte; the same content re-serialized (other key order, another
 * time-zone offset, the UUID in capitals) is a replay too; a changed payload under the same UUID
 * is a 409 that leaves the original untouched, also when the two race each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	asStored,
	enrollDevicePool,
	identitySubmission,
	participationSubmission,
	startFaultWorld,
	storedAnswers,
	storedCounts,
	submit,
	textSubmission,
	type Device,
	type DevicePool,
	type FaultWorld
} from './world';
import type { SubmissionBody } from '../../helpers/submissions';
import type { HttpReply } from './http';

let world: FaultWorld;
let pool: DevicePool;

beforeAll(async () => {
	world = await startFaultWorld();
	// 30 submissions × 3 sends, plus the conflicts: more than one kiosk's 60 a minute.
	pool = await enrollDevicePool(world, 6);
});

afterAll(async () => {
	await world?.stop();
});

/** The receipt fields a client relies on, exactly as the server wrote them. */
function receiptFields(reply: HttpReply): string {
	expect(reply.status, reply.text).toBe(200);
	const { id, receivedAt, status } = reply.json() as Record<string, unknown>;
	return JSON.stringify([id, receivedAt, status]);
}

/** Everything stored for a response: its row, answers, scores and respondent. */
async function snapshot(id: string) {
	const response = await world.db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
	const answers = await world.db.selectFrom('answers').selectAll().where('response_id', '=', id).orderBy('item_key').execute();
	const scores = await world.db.selectFrom('scores').selectAll().where('response_id', '=', id).orderBy('scale_key').execute();
	const respondent = response
		? await world.db.selectFrom('respondents').selectAll().where('id', '=', response.respondent_id).executeTakeFirst()
		: undefined;
	return { response, answers, scores, respondent };
}

function run(size: number): SubmissionBody[] {
	const makers = [identitySubmission, participationSubmission, (w: FaultWorld) => textSubmission(w, '回族 <i>&</i>')];
	return Array.from({ length: size }, (_, i) => makers[i % makers.length]!(world));
}

describe('a run of submissions, each sent three times', () => {
	it('stores one row each and answers every replay with the original receipt', async () => {
		const before = await storedCounts(world.db);
		const submissions = run(30);
		const devices = new Map<string, Device>(submissions.map((s) => [s.id, pool.next()]));
		const send = (s: SubmissionBody) => submit(world, devices.get(s.id)!, s);
		const replies = await Promise.all(
			submissions.map(async (s, i) => {
				// A third all at once, a third first then two at once, a third one after another.
				if (i % 3 === 0) return Promise.all([send(s), send(s), send(s)]);
				if (i % 3 === 1) {
					const first = await send(s);
					return [first, ...(await Promise.all([send(s), send(s)]))];
				}
				return [await send(s), await send(s), await send(s)];
			})
		);
		for (const [i, triple] of replies.entries()) {
			const s = submissions[i]!;
			const fields = triple.map(receiptFields);
			expect(new Set(fields).size, `receipts of ${s.id}`).toBe(1);
			const flags = triple.map((r) => (r.json() as { replay: boolean }).replay);
			expect(flags.filter((f) => !f)).toHaveLength(1);
			// The two replays are the same bytes.
			const replays = triple.filter((r) => (r.json() as { replay: boolean }).replay);
			expect(replays[0]!.bytes.equals(replays[1]!.bytes)).toBe(true);
			const row = await world.db.selectFrom('responses').select('received_at').where('id', '=', s.id).executeTakeFirstOrThrow();
			expect(JSON.parse(fields[0]!)).toEqual([s.id, row.received_at, 'complete']);
		}
		const after = await storedCounts(world.db);
		const answerCount = submissions.reduce((sum, s) => sum + Object.keys(s.answers).length, 0);
		expect(after.responses - before.responses).toBe(30);
		expect(after.answers - before.answers).toBe(answerCount);
		expect(after.respondents - before.respondents).toBe(30);
		const answers = await storedAnswers(
			world.db,
			submissions.map((s) => s.id)
		);
		for (const s of submissions) expect(answers.get(s.id)).toEqual(asStored(s.answers));
	});

	it('treats the same content with its keys in another order and another UTC offset as a replay', async () => {
		const device = pool.next();
		const original = identitySubmission(world);
		const first = await submit(world, device, original);
		const reordered = Object.fromEntries(Object.entries({ ...original, startedAt: '2026-03-02T10:00:00.000+08:00' }).reverse());
		reordered.answers = Object.fromEntries(Object.entries(original.answers).reverse());
		const again = await submit(world, device, reordered);
		expect(receiptFields(again)).toBe(receiptFields(first));
		expect(again.json()).toMatchObject({ replay: true });
	});

	it('treats the same UUID in capitals as the same response', async () => {
		const device = pool.next();
		const original = identitySubmission(world);
		const first = await submit(world, device, original);
		const again = await submit(world, device, { ...original, id: original.id.toUpperCase() });
		expect(receiptFields(again)).toBe(receiptFields(first));
		const upper = identitySubmission(world, { id: identitySubmission(world).id.toUpperCase() });
		expect((await submit(world, device, upper)).json()).toMatchObject({ id: upper.id.toLowerCase(), replay: false });
		expect((await submit(world, device, { ...upper, id: upper.id.toLowerCase() })).json()).toMatchObject({
			id: upper.id.toLowerCase(),
			replay: true
		});
	});
});

describe('a changed payload under a UUID already stored', () => {
	const changes: [string, (s: SubmissionBody) => Record<string, unknown>][] = [
		['a changed answer', (s) => ({ ...s, answers: { ...s.answers, bscs_1: 1 } })],
		['an added answer', (s) => ({ ...s, answers: { ...s.answers, part_vol: 0 } })],
		['a removed answer', (s) => ({ ...s, answers: Object.fromEntries(Object.entries(s.answers).slice(1)) })],
		['another status', (s) => ({ ...s, status: 'partial' })],
		['another panel code', (s) => ({ ...s, panelCode: identitySubmission(world).panelCode })],
		['another start time', (s) => ({ ...s, startedAt: '2026-03-02T02:00:01.000Z' })],
		['another language', (s) => ({ ...s, language: 'en' })]
	];

	it.each(changes)('with %s is refused with 409 and the original is unchanged', async (_, change) => {
		const device = pool.next();
		const original = identitySubmission(world);
		const receipt = receiptFields(await submit(world, device, original));
		const stored = await snapshot(original.id);
		const counts = await storedCounts(world.db);
		const changed = change(original);
		const reply = await submit(world, device, changed);
		expect(reply.status).toBe(409);
		expect(reply.headers['content-type']).toMatch(/^application\/json/);
		const { error } = reply.json() as { error: { code: string; path: string; message: string } };
		expect(error).toMatchObject({ code: 'conflict', path: 'id' });
		expect(error.message).toContain(original.id);
		expect(await snapshot(original.id)).toEqual(stored);
		expect(await storedCounts(world.db)).toEqual(counts);
		// The original, sent again, still gets its receipt.
		expect(receiptFields(await submit(world, device, original))).toBe(receipt);
	});

	it('sent by another kiosk is a conflict too (a kiosk cannot take over a response)', async () => {
		const original = identitySubmission(world);
		const receipt = receiptFields(await submit(world, pool.next(), original));
		const stored = await snapshot(original.id);
		const reply = await submit(world, pool.next(), original);
		expect(reply.status).toBe(409);
		expect(await snapshot(original.id)).toEqual(stored);
		expect(receipt).toContain(original.id);
	});

	it('racing the original on separate connections: exactly one is stored, the other gets 409', async () => {
		for (let trial = 0; trial < 8; trial++) {
			const device = pool.next();
			const a = identitySubmission(world);
			const b = { ...a, answers: { ...a.answers, bscs_2: 1 } };
			const replies = await Promise.all([submit(world, device, a), submit(world, device, b)]);
			expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
			const winner = replies[0]!.status === 200 ? a : b;
			const { answers } = await snapshot(a.id);
			expect(Object.fromEntries(answers.map((r) => [r.item_key, r.value_num]))).toEqual(winner.answers);
		}
	});
});
