/**
 * Putting an item in the outbox: the one step that must never wait for code to load, so it is
 * kept apart from the sender (outbox.ts), which the kiosk loads only when there is something to send.
 */
import type { OutboxKind } from './delivery';
import type { LocalStore } from './local-store';

export interface OutboxItem {
	/** The response's UUID (its idempotency key), or a fresh one for a refusal. */
	id: string;
	kind: OutboxKind;
	body: unknown;
	queuedAt: string;
	attempts: number;
	/** Epoch milliseconds before which the item is not sent again. */
	nextAttemptAt: number;
	lastError: string | null;
}

/** Writes an item to the outbox (durably) before anything is sent. */
export function queueItem(store: LocalStore, kind: OutboxKind, id: string, body: unknown, now = Date.now()): Promise<void> {
	const item: OutboxItem = { id, kind, body, queuedAt: new Date(now).toISOString(), attempts: 0, nextAttemptAt: 0, lastError: null };
	return store.put('outbox', item);
}
