/**
 * The device's IndexedDB: the outbox of finished and partial responses, responses the server
 * refused (kept aside, never resent), and `meta` (the cached bundle, reserved panel codes).
 * Nothing else about a resident is ever stored on the device.
 */

export type StoreName = 'outbox' | 'rejected' | 'meta';

export interface LocalStore {
	get<T>(store: StoreName, key: string): Promise<T | undefined>;
	getAll<T>(store: StoreName): Promise<T[]>;
	/** Items of `outbox` and `rejected` carry their key as `id`; `meta` takes an explicit key. */
	put(store: StoreName, value: unknown, key?: string): Promise<void>;
	delete(store: StoreName, key: string): Promise<void>;
	/** Deletes `key` from one store and puts `value` in another in a single transaction. */
	move(from: StoreName, to: StoreName, key: string, value: unknown): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
	});
}

/** Opens (creating on first use) the device database `name`. */
export async function openLocalStore(name: string): Promise<LocalStore> {
	const open = indexedDB.open(name, 1);
	open.onupgradeneeded = () => {
		const db = open.result;
		db.createObjectStore('outbox', { keyPath: 'id' });
		db.createObjectStore('rejected', { keyPath: 'id' });
		db.createObjectStore('meta');
	};
	const db = await request(open);
	// Writes must be on disk before the player says "saved" or a send starts: a power cut must not lose them.
	const write = (stores: StoreName[]) => db.transaction(stores, 'readwrite', { durability: 'strict' });
	return {
		get: <T>(store: StoreName, key: string) => request(db.transaction(store).objectStore(store).get(key)) as Promise<T | undefined>,
		getAll: <T>(store: StoreName) => request(db.transaction(store).objectStore(store).getAll()) as Promise<T[]>,
		async put(store, value, key) {
			const tx = write([store]);
			tx.objectStore(store).put(value, key);
			await done(tx);
		},
		async delete(store, key) {
			const tx = write([store]);
			tx.objectStore(store).delete(key);
			await done(tx);
		},
		async move(from, to, key, value) {
			const tx = write([from, to]);
			tx.objectStore(from).delete(key);
			tx.objectStore(to).put(value);
			await done(tx);
		}
	};
}

/** Asks the browser not to evict the outbox under storage pressure; it may say no. */
export async function requestPersistentStorage(): Promise<boolean> {
	try {
		return (await navigator.storage?.persist?.()) ?? false;
	} catch {
		return false;
	}
}
