/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Keeps the kiosk working without a network, including after a reload: the app shell (built
 * assets and static files: icons, recorded audio) is cached on install, and a navigation to /kiosk
 * falls back to the cached page when the network is down. Nothing else is intercepted: staff pages
 * and every API request (the bundle, submissions) go to the network as usual, and POSTs are never
 * cached. The kiosk caches its bundle in IndexedDB itself.
 */
import { build, files, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `anju-shell-${version}`;
const KIOSK = '/kiosk';
const ASSETS = new Set([...build, ...files]);
/** A navigation that has not answered by then is treated as offline (Wi-Fi that hangs). */
const NAVIGATION_TIMEOUT_MS = 5000;

worker.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([...ASSETS]);
			// The kiosk page itself, so that a reload works offline even before it was opened under this worker.
			await cache.add(new Request(KIOSK, { credentials: 'omit' })).catch(() => undefined);
			await worker.skipWaiting();
		})()
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await worker.clients.claim();
		})()
	);
});

async function cachedAsset(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	return (await cache.match(request)) ?? fetch(request);
}

/** Network first (fresh code and headers), the cached shell when offline. */
async function kioskPage(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await fetch(request, { signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS) });
		if (response.ok && response.type === 'basic') await cache.put(KIOSK, response.clone());
		return response;
	} catch (error) {
		const cached = await cache.match(KIOSK);
		if (cached) return cached;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (request.mode === 'navigate') {
		if (url.pathname === KIOSK) event.respondWith(kioskPage(request));
		return;
	}
	if (ASSETS.has(url.pathname)) event.respondWith(cachedAsset(request));
});
