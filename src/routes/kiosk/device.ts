/**
 * The kiosk device: its token (the only thing in localStorage — a device credential, never
 * resident data), the cached bundle and reserved panel codes (IndexedDB `meta`).
 */
import { cryptoRandom, generatePanelCode, isValidPanelCode } from '$lib/panel-code';
import { isKioskBundle, type KioskBundle } from '$lib/player/bundle';
import { readReply, postJson } from '$lib/player/http';
import type { LocalStore } from '$lib/player/local-store';

const TOKEN_KEY = 'anju.kiosk.token';
export const DEVICE_DB = 'anju-kiosk';
const BUNDLE_KEY = 'bundle';
const CODES_KEY = 'panelCodes';
/** Reserve more codes when fewer than this many are left. */
const CODES_LOW = 5;

export const readToken = (): string | null => localStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string): void => localStorage.setItem(TOKEN_KEY, token);
export const forgetToken = (): void => localStorage.removeItem(TOKEN_KEY);

export type BundleResult = { kind: 'bundle'; bundle: KioskBundle; fresh: boolean } | { kind: 'revoked' } | { kind: 'unavailable' };

/** The bundle from the server (and cached), else the cached one when offline. */
export async function loadBundle(store: LocalStore, token: string): Promise<BundleResult> {
	try {
		const response = await fetch('/api/kiosk/bundle', {
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			credentials: 'omit',
			cache: 'no-store',
			signal: AbortSignal.timeout(15_000)
		});
		const reply = await readReply(response);
		const errorCode = (reply.body as { error?: { code?: unknown } } | undefined)?.error?.code;
		if ((reply.status === 401 || reply.status === 403) && typeof errorCode === 'string') {
			await store.delete('meta', BUNDLE_KEY);
			return { kind: 'revoked' };
		}
		if (reply.status === 200 && isKioskBundle(reply.body)) {
			await store.put('meta', reply.body, BUNDLE_KEY);
			return { kind: 'bundle', bundle: reply.body, fresh: true };
		}
	} catch {
		// Offline or timed out: fall back to the cached bundle below.
	}
	const cached = await store.get<unknown>('meta', BUNDLE_KEY);
	return isKioskBundle(cached) ? { kind: 'bundle', bundle: cached, fresh: false } : { kind: 'unavailable' };
}

/**
 * Panel codes for first-time residents: reserved by the server in small batches so they are
 * unique, kept on the device for offline use; a random one when the batch runs out offline.
 */
export function panelCodePool(store: LocalStore, token: () => string | null) {
	let refilling: Promise<void> | null = null;

	async function refill(): Promise<void> {
		const pool = (await store.get<string[]>('meta', CODES_KEY)) ?? [];
		if (pool.length >= CODES_LOW || !navigator.onLine) return;
		try {
			const reply = await postJson('/api/kiosk/panel-codes', {}, { token: token(), credentials: 'omit' });
			const codes = (reply.body as { codes?: unknown } | undefined)?.codes;
			if (reply.status !== 200 || !Array.isArray(codes)) return;
			const fresh = codes.filter((c): c is string => typeof c === 'string' && isValidPanelCode(c));
			const current = (await store.get<string[]>('meta', CODES_KEY)) ?? [];
			await store.put('meta', [...current, ...fresh.filter((c) => !current.includes(c))], CODES_KEY);
		} catch {
			// Try again at the next code taken or the next start.
		}
	}

	return {
		refill(): Promise<void> {
			refilling ??= refill().finally(() => (refilling = null));
			return refilling;
		},
		async take(): Promise<string> {
			const pool = (await store.get<string[]>('meta', CODES_KEY)) ?? [];
			const code = pool.shift();
			await store.put('meta', pool, CODES_KEY);
			void this.refill();
			return code && isValidPanelCode(code) ? code : generatePanelCode(cryptoRandom);
		}
	};
}
