/**
 * The outbox: every response (and declined-consent count) is written to the device before any
 * send, then sent one at a time while the page is open — at once, on the `online` event, and on a
 * timer with per-item backoff capped at 5 minutes. An item leaves only on a real receipt; a refused
 * one moves to `rejected` and stays there for staff.
 */
import { backoffMs, judgeReply, type OutboxKind, type Reply, type Verdict } from './delivery';
import type { LocalStore } from './local-store';
import { queueItem, type OutboxItem } from './outbox-item';

export type { OutboxItem };

export interface RejectedItem extends OutboxItem {
	rejectedAt: string;
	status: number;
	code: string;
	message: string;
}

export interface OutboxStatus {
	waiting: number;
	oldestQueuedAt: string | null;
	rejected: number;
	/** Set when the server refuses the device or session (e.g. `kiosk_revoked`): sending has stopped. */
	blocked: string | null;
	lastDeliveredAt: string | null;
}

export interface OutboxDeps {
	store: LocalStore;
	/** Sends one item; throws when the network fails. */
	send: (item: OutboxItem) => Promise<Reply>;
	isOnline?: () => boolean;
	now?: () => number;
	random?: () => number;
	/** Runs `fn` only when no other tab is sending (Web Locks); default: runs it. */
	exclusive?: (fn: () => Promise<void>) => Promise<void>;
	onChange?: (status: OutboxStatus) => void;
	setTimer?: (fn: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
}

export interface Outbox {
	enqueue(kind: OutboxKind, id: string, body: unknown): Promise<void>;
	/** Sends what is due; `force` also sends items still waiting out their backoff. */
	flush(force?: boolean): Promise<void>;
	status(): Promise<OutboxStatus>;
	stop(): void;
}

const byQueuedAt = (a: OutboxItem, b: OutboxItem) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id);

export function createOutbox(deps: OutboxDeps): Outbox {
	const { store, send } = deps;
	const now = deps.now ?? Date.now;
	const random = deps.random ?? Math.random;
	const isOnline = deps.isOnline ?? (() => true);
	const exclusive = deps.exclusive ?? ((fn) => fn());
	const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
	const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
	let running: Promise<void> | null = null;
	let rerun = false;
	let blocked: string | null = null;
	let lastDeliveredAt: string | null = null;
	let timer: unknown;
	let stopped = false;

	async function status(): Promise<OutboxStatus> {
		const [waiting, rejected] = await Promise.all([store.getAll<OutboxItem>('outbox'), store.getAll<RejectedItem>('rejected')]);
		const oldest = waiting.sort(byQueuedAt)[0];
		return { waiting: waiting.length, oldestQueuedAt: oldest?.queuedAt ?? null, rejected: rejected.length, blocked, lastDeliveredAt };
	}

	async function notify(): Promise<void> {
		if (deps.onChange) deps.onChange(await status());
	}

	/** Sends due items oldest first until none is due or one fails. */
	async function drain(force: boolean): Promise<void> {
		const tried = new Set<string>();
		while (!stopped && !blocked && isOnline()) {
			const items = (await store.getAll<OutboxItem>('outbox')).sort(byQueuedAt);
			const item = items.find((i) => !tried.has(i.id) && (force || i.nextAttemptAt <= now()));
			if (!item) return;
			tried.add(item.id);
			let reply: Reply | undefined;
			try {
				reply = await send(item);
			} catch {
				reply = undefined;
			}
			const verdict: Verdict = reply ? judgeReply(item.id, reply) : { kind: 'retry', reason: 'network error' };
			if (verdict.kind === 'delivered') {
				await store.delete('outbox', item.id);
				lastDeliveredAt = new Date(now()).toISOString();
			} else if (verdict.kind === 'rejected') {
				const { status: code, ...rest } = verdict;
				const rejected: RejectedItem = {
					...item,
					rejectedAt: new Date(now()).toISOString(),
					status: code,
					code: rest.code,
					message: rest.message
				};
				await store.move('outbox', 'rejected', item.id, rejected);
			} else if (verdict.kind === 'unauthorized') {
				blocked = verdict.code;
			} else {
				const attempts = item.attempts + 1;
				const nextAttemptAt = now() + backoffMs(attempts, random(), verdict.afterMs);
				await store.put('outbox', { ...item, attempts, nextAttemptAt, lastError: verdict.reason });
				// The network is likely down: stop here and let the timer or the `online` event resume.
				if (!reply) return;
			}
			await notify();
		}
	}

	async function schedule(): Promise<void> {
		if (timer !== undefined) clearTimer(timer);
		timer = undefined;
		if (stopped || blocked) return;
		const items = await store.getAll<OutboxItem>('outbox');
		if (items.length === 0) return;
		const due = Math.min(...items.map((i) => i.nextAttemptAt));
		timer = setTimer(() => void flush(), Math.max(1000, due - now()));
	}

	function flush(force = false): Promise<void> {
		if (force) blocked = null;
		if (running) {
			// Another round after this one, so an item queued meanwhile is not left waiting for the timer.
			rerun = true;
			return running;
		}
		running = (async () => {
			try {
				do {
					rerun = false;
					await exclusive(() => drain(force));
				} while (rerun && !stopped);
			} finally {
				running = null;
				await schedule();
				await notify();
			}
		})();
		return running;
	}

	async function enqueue(kind: OutboxKind, id: string, body: unknown): Promise<void> {
		await queueItem(store, kind, id, body, now());
		await notify();
		void flush();
	}

	return {
		enqueue,
		flush,
		status,
		stop() {
			stopped = true;
			if (timer !== undefined) clearTimer(timer);
		}
	};
}
