import { describe, expect, it } from 'vitest';
import { backoffMs, judgeReply, MAX_BACKOFF_MS, parseRetryAfter, type Reply } from '$lib/player/delivery';
import { createOutbox, type OutboxItem, type RejectedItem } from '$lib/player/outbox';
import type { LocalStore, StoreName } from '$lib/player/local-store';

const ID = '3f2b8c1e-7a4d-4e9b-9c2a-1b2c3d4e5f60';
const json = (status: number, body: unknown, headers: Partial<Reply> = {}): Reply => ({
	status,
	contentType: 'application/json; charset=utf-8',
	body,
	retryAfter: null,
	...headers
});

describe('judgeReply', () => {
	it('counts only the JSON receipt that echoes the id as delivered', () => {
		expect(judgeReply(ID, json(200, { id: ID, receivedAt: 'x', status: 'complete', replay: false }))).toEqual({ kind: 'delivered' });
		expect(judgeReply(ID, json(200, { id: 'another' })).kind).toBe('retry');
		expect(judgeReply(ID, json(200, { ok: true })).kind).toBe('retry');
	});

	it('does not take a captive portal page for a receipt', () => {
		const portal: Reply = { status: 200, contentType: 'text/html', body: undefined, retryAfter: null };
		expect(judgeReply(ID, portal)).toEqual({ kind: 'retry', reason: 'HTTP 200 without a JSON receipt' });
		expect(judgeReply(ID, { ...portal, status: 302 }).kind).toBe('retry');
		expect(judgeReply(ID, { ...portal, status: 404 }).kind).toBe('retry');
	});

	it('sets aside conflicts and invalid submissions for good', () => {
		expect(judgeReply(ID, json(409, { error: { code: 'conflict', message: 'different content' } }))).toEqual({
			kind: 'rejected',
			status: 409,
			code: 'conflict',
			message: 'different content'
		});
		expect(judgeReply(ID, json(422, { error: { code: 'invalid', message: 'answers.x' } })).kind).toBe('rejected');
		expect(judgeReply(ID, json(413, { error: { code: 'too_large', message: '' } })).kind).toBe('rejected');
	});

	it('stops on a revoked device or an expired session without dropping anything', () => {
		expect(judgeReply(ID, json(403, { error: { code: 'kiosk_revoked', message: 'revoked' } }))).toEqual({
			kind: 'unauthorized',
			code: 'kiosk_revoked'
		});
		expect(judgeReply(ID, json(401, { error: { code: 'unauthenticated', message: '' } })).kind).toBe('unauthorized');
		expect(judgeReply(ID, json(403, { error: { code: 'forbidden', message: 'another site', path: 'siteId' } })).kind).toBe('rejected');
	});

	it('retries rate limits and server errors, honouring Retry-After', () => {
		expect(judgeReply(ID, json(429, { error: { code: 'rate_limited', message: '' } }, { retryAfter: '30' }))).toEqual({
			kind: 'retry',
			reason: 'HTTP 429 rate_limited',
			afterMs: 30_000
		});
		expect(judgeReply(ID, json(500, { error: { code: 'internal', message: '' } })).kind).toBe('retry');
		expect(judgeReply(ID, { status: 503, contentType: 'text/plain', body: undefined, retryAfter: null }).kind).toBe('retry');
	});

	it('takes a refusal receipt that echoes its id', () => {
		expect(judgeReply(ID, json(200, { id: ID, at: '2026-03-01T09:00:00Z', replay: false }))).toEqual({ kind: 'delivered' });
		expect(judgeReply(ID, json(200, { refusals: 3 })).kind).toBe('retry');
	});
});

describe('backoff', () => {
	it('doubles from 2 s and never waits more than 5 minutes', () => {
		expect(backoffMs(1, 1)).toBe(2_000);
		expect(backoffMs(2, 1)).toBe(4_000);
		expect(backoffMs(5, 1)).toBe(32_000);
		expect(backoffMs(30, 1)).toBe(MAX_BACKOFF_MS);
		expect(backoffMs(30, 0)).toBe(MAX_BACKOFF_MS / 2);
		expect(backoffMs(1, 0, 600_000)).toBe(MAX_BACKOFF_MS);
		expect(backoffMs(1, 0, 10_000)).toBe(10_000);
	});

	it('reads Retry-After as seconds or a date', () => {
		expect(parseRetryAfter('120')).toBe(120_000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(null)).toBeUndefined();
	});
});

function memoryStore(): LocalStore & { data: Record<StoreName, Map<string, unknown>>; log: string[] } {
	const data: Record<StoreName, Map<string, unknown>> = { outbox: new Map(), rejected: new Map(), meta: new Map() };
	const log: string[] = [];
	const clone = <T>(v: T): T => structuredClone(v);
	return {
		data,
		log,
		async get<T>(store: StoreName, key: string) {
			return clone(data[store].get(key)) as T | undefined;
		},
		async getAll<T>(store: StoreName) {
			return [...data[store].values()].map(clone) as T[];
		},
		async put(store, value, key) {
			const id = key ?? (value as { id: string }).id;
			log.push(`put ${store} ${id}`);
			data[store].set(id, clone(value));
		},
		async delete(store, key) {
			log.push(`delete ${store} ${key}`);
			data[store].delete(key);
		},
		async move(from, to, key, value) {
			log.push(`move ${from}→${to} ${key}`);
			data[from].delete(key);
			data[to].set(key, clone(value));
		}
	};
}

function receipt(item: OutboxItem): Reply {
	return json(200, { id: item.id, receivedAt: '2026-03-01T09:00:00Z', status: 'complete', replay: false });
}

function setup(send: (item: OutboxItem) => Promise<Reply>, online = () => true) {
	const store = memoryStore();
	let clock = 1_000_000;
	const sent: string[] = [];
	const outbox = createOutbox({
		store,
		send: async (item) => {
			sent.push(item.id);
			store.log.push(`send ${item.id}`);
			return send(item);
		},
		isOnline: online,
		now: () => clock,
		random: () => 1,
		setTimer: () => 0,
		clearTimer: () => {}
	});
	return { store, outbox, sent, advance: (ms: number) => (clock += ms) };
}

describe('outbox', () => {
	it('stores an item before sending it, and removes it only on its receipt', async () => {
		const { store, outbox } = setup(async (item) => receipt(item));
		await outbox.enqueue('response', 'r1', { id: 'r1' });
		await outbox.flush();
		expect(store.log.slice(0, 3)).toEqual(['put outbox r1', 'send r1', 'delete outbox r1']);
		expect(await outbox.status()).toMatchObject({ waiting: 0, rejected: 0 });
	});

	it('sends one at a time, oldest first', async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		const { outbox, sent, store, advance } = setup(async (item) => {
			maxInFlight = Math.max(maxInFlight, ++inFlight);
			await new Promise((r) => setTimeout(r, 1));
			inFlight--;
			return receipt(item);
		});
		for (const id of ['a', 'b', 'c']) {
			await store.put('outbox', {
				id,
				kind: 'response',
				body: {},
				queuedAt: new Date(advance(1000)).toISOString(),
				attempts: 0,
				nextAttemptAt: 0,
				lastError: null
			});
		}
		await Promise.all([outbox.flush(), outbox.flush()]);
		expect(sent).toEqual(['a', 'b', 'c']);
		expect(maxInFlight).toBe(1);
	});

	it('keeps the item after a captive-portal page and backs off', async () => {
		const { outbox, store, advance, sent } = setup(async () => ({
			status: 200,
			contentType: 'text/html',
			body: undefined,
			retryAfter: null
		}));
		await outbox.enqueue('response', 'r1', {});
		await outbox.flush();
		const item = store.data.outbox.get('r1') as OutboxItem;
		expect(item.attempts).toBe(1);
		expect(item.lastError).toBe('HTTP 200 without a JSON receipt');
		const attemptsBefore = sent.length;
		await outbox.flush();
		expect(sent.length).toBe(attemptsBefore); // not due yet
		advance(2_000);
		await outbox.flush();
		expect(sent.length).toBe(attemptsBefore + 1);
	});

	it('keeps items while the network is down and sends them when it returns', async () => {
		let up = false;
		const { outbox, store, sent } = setup(async (item) => {
			if (!up) throw new TypeError('Failed to fetch');
			return receipt(item);
		});
		await outbox.enqueue('response', 'r1', {});
		await outbox.enqueue('response', 'r2', {});
		await outbox.flush();
		expect(store.data.outbox.size).toBe(2);
		up = true;
		await outbox.flush(true); // the 'online' event
		expect(store.data.outbox.size).toBe(0);
		expect(sent.filter((id) => id === 'r1').length).toBeGreaterThanOrEqual(1);
	});

	it('does not try while the browser says it is offline', async () => {
		const { outbox, sent } = setup(
			async (item) => receipt(item),
			() => false
		);
		await outbox.enqueue('response', 'r1', {});
		await outbox.flush(true);
		expect(sent).toEqual([]);
		expect((await outbox.status()).waiting).toBe(1);
	});

	it('moves a conflict to rejected and goes on with the next item', async () => {
		const { outbox, store, sent } = setup(async (item) =>
			item.id === 'bad' ? json(409, { error: { code: 'conflict', message: 'same id, different content' } }) : receipt(item)
		);
		await outbox.enqueue('response', 'bad', {});
		await outbox.enqueue('response', 'good', {});
		await outbox.flush();
		expect(store.data.outbox.size).toBe(0);
		const rejected = store.data.rejected.get('bad') as RejectedItem;
		expect(rejected).toMatchObject({ id: 'bad', status: 409, code: 'conflict' });
		expect(await outbox.status()).toMatchObject({ waiting: 0, rejected: 1 });
		await outbox.flush(true);
		expect(sent.filter((id) => id === 'bad')).toHaveLength(1); // never resent
	});

	it('stops sending when the kiosk is revoked, keeping what waits', async () => {
		const { outbox, sent } = setup(async () => json(403, { error: { code: 'kiosk_revoked', message: '' } }));
		await outbox.enqueue('response', 'r1', {});
		await outbox.enqueue('response', 'r2', {});
		await outbox.flush();
		expect(sent).toEqual(['r1']);
		expect(await outbox.status()).toMatchObject({ waiting: 2, blocked: 'kiosk_revoked' });
	});

	it('reports the number waiting and the oldest', async () => {
		const { outbox, advance } = setup(async () => {
			throw new TypeError('offline');
		});
		await outbox.enqueue('response', 'r1', {});
		advance(60_000);
		await outbox.enqueue('refusal', 'f1', {});
		const status = await outbox.status();
		expect(status.waiting).toBe(2);
		expect(status.oldestQueuedAt).toBe(new Date(1_000_000).toISOString());
	});
});
