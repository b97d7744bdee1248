/**
 * The kiosk's outbox sender, loaded when there is something to send (an item was queued, or some
 * were left from before): it sends with the device token and never with a staff cookie.
 */
import type { LocalStore } from '$lib/player/local-store';
import { createOutbox, type Outbox, type OutboxStatus } from '$lib/player/outbox';
import { exclusively, sendOutboxItem } from '$lib/player/sending';

export function kioskOutbox(store: LocalStore, token: () => string | null, onChange: (status: OutboxStatus) => void): Outbox {
	return createOutbox({
		store,
		send: (item) => sendOutboxItem(item, { token: token(), credentials: 'omit' }),
		isOnline: () => navigator.onLine,
		exclusive: exclusively('anju-kiosk-outbox'),
		onChange
	});
}
