/** How outbox items travel: to their endpoint, from one tab of the device at a time. */
import type { Reply } from './delivery';
import { postJson } from './http';
import type { OutboxItem } from './outbox-item';

export const SUBMISSIONS_URL = '/api/v1/submissions';
export const REFUSALS_URL = '/api/kiosk/refusals';

/** Sends one outbox item to its endpoint. */
export function sendOutboxItem(item: OutboxItem, init: { token?: string | null; credentials: RequestCredentials }): Promise<Reply> {
	return postJson(item.kind === 'response' ? SUBMISSIONS_URL : REFUSALS_URL, item.body, init);
}

/** Only one tab of the device sends at a time (Web Locks, where the browser has them). */
export function exclusively(name: string): (fn: () => Promise<void>) => Promise<void> {
	return async (fn) => {
		if (typeof navigator === 'undefined' || !navigator.locks) return fn();
		await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
			if (lock) await fn();
		});
	};
}
