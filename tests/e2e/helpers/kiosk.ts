/**
 * A kiosk against the built server: the demo project seeded as the CLI does, kiosks created with
 * the domain function and enrolled through the real page (`/kiosk?code=…`), and a tablet-sized
 * Chromium context per resident session.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createKiosk } from '$lib/server/kiosks';
import { seedDemo, startServer, type RunningServer } from './server';
import { VIEWPORTS } from './browser';

export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'a long enough password';

export interface KioskWorld {
	server: RunningServer;
	db: Db;
	projectId: string;
	siteId: string;
	adminId: string;
	stop: () => Promise<void>;
}

export async function startKioskWorld(): Promise<KioskWorld> {
	const server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN_EMAIL, ANJU_ADMIN_PASSWORD: ADMIN_PASSWORD });
	seedDemo(server.databasePath);
	const db = createDb(server.databasePath);
	const projectId = (await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	const siteId = (await db.selectFrom('sites').select('id').where('project_id', '=', projectId).orderBy('name').executeTakeFirstOrThrow())
		.id;
	const adminId = (await db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow()).id;
	return {
		server,
		db,
		projectId,
		siteId,
		adminId,
		stop: async () => {
			await db.destroy();
			await server.stop();
		}
	};
}

export interface OpenKiosk {
	kioskId: string;
	context: BrowserContext;
	page: Page;
}

/** A new kiosk, enrolled on a fresh tablet context through `/kiosk?code=…`; resolves on the welcome screen. */
export async function enrollTablet(world: KioskWorld, browser: Browser): Promise<OpenKiosk> {
	const created = await createKiosk(
		world.db,
		{ projectId: world.projectId, siteId: world.siteId, name: `Tablet ${randomUUID().slice(0, 4)}` },
		'cli'
	);
	const context = await browser.newContext({ viewport: VIEWPORTS.tablet, hasTouch: true, locale: 'zh-CN' });
	const page = await context.newPage();
	page.on('pageerror', (error) => console.error('[page error]', error.message));
	await page.goto(`${world.server.url}/kiosk?code=${encodeURIComponent(created.enrollmentCode)}`);
	await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count(), { timeout: 15_000 }).toBe(1);
	return { kioskId: created.kiosk.id, context, page };
}

/** Waits until the service worker controls the page (so a reload works offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 }).toBe(true);
}

export const nav = {
	next: (page: Page) => page.locator('.player-nav').getByRole('button', { name: /下一题|Next/ }),
	start: (page: Page) => page.locator('.player-nav').getByRole('button', { name: /开始|Start/ })
};

/** Welcome → 简体中文 → agree → first time → the new code; returns the code shown, now on the first intro. */
export async function startAsNewResident(page: Page): Promise<string> {
	await page.getByRole('button', { name: /简体中文/ }).click();
	await page.getByRole('button', { name: '我同意参加' }).click();
	await page.getByRole('button', { name: '没有，我是第一次参加' }).click();
	const code = (await page.getByTestId('new-panel-code').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
	await page.getByRole('button', { name: '我已经抄好了' }).click();
	return code;
}

/** The key of the item on screen, or null on a non-item screen. */
export async function currentItem(page: Page): Promise<string | null> {
	const screen = page.locator('[data-testid^="item-"]');
	if ((await screen.count()) === 0) return null;
	return ((await screen.getAttribute('data-testid')) ?? '').slice('item-'.length);
}

export type Chooser = (key: string, screen: Locator) => Promise<boolean>;

/** Answers the item on screen: a given choice, else the first option / a valid number / some text. */
export async function answerItem(page: Page, key: string, choose?: Chooser): Promise<void> {
	const screen = page.getByTestId(`item-${key}`);
	if (choose && (await choose(key, screen))) return;
	const radios = screen.getByRole('radio');
	const boxes = screen.getByRole('checkbox');
	if ((await radios.count()) > 0) return radios.first().check();
	if ((await boxes.count()) > 0) return boxes.first().check();
	const textbox = screen.getByRole('textbox');
	// Number and text widgets come with the late chunk; an information screen has no answer at all.
	const deadline = Date.now() + 2000;
	while ((await textbox.count()) === 0) {
		if (Date.now() > deadline) return;
		await page.waitForTimeout(100);
	}
	const label = (await screen.locator('label').first().textContent()) ?? '';
	await textbox.first().fill(/数字|number/i.test(label) ? '3' : '一些文字');
}

/**
 * Answers every item of the current instrument (from its intro) and presses Next until the next
 * instrument's intro or the thank-you screen; returns the item keys asked, in order.
 */
export async function answerInstrument(page: Page, choose?: Chooser): Promise<string[]> {
	const intro = await page.locator('.player-main h1').textContent();
	await nav.start(page).click();
	const asked: string[] = [];
	for (;;) {
		await expect
			.poll(async () => (await currentItem(page)) ?? (await page.locator('.player-main h1').textContent()), { timeout: 5000 })
			.not.toBe(asked.at(-1) ?? intro);
		const key = await currentItem(page);
		if (key === null) return asked;
		asked.push(key);
		await answerItem(page, key, choose);
		await nav.next(page).click();
	}
}

/** Every IndexedDB store's contents (JSON) except the outbox, plus local and session storage. */
export function deviceStorage(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const parts: string[] = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
		for (const info of await indexedDB.databases()) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(info.name as string);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				if (store === 'outbox') continue;
				const all = await new Promise<unknown[]>((resolve, reject) => {
					const request = db.transaction(store).objectStore(store).getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				parts.push(`${info.name}/${store}: ${JSON.stringify(all)}`);
			}
			db.close();
		}
		return parts.join('\n');
	});
}

/** The kiosk's outbox items. */
export function outboxItems(page: Page): Promise<{ id: string; kind: string; body: Record<string, unknown> }[]> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('anju-kiosk');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const items = await new Promise<{ id: string; kind: string; body: Record<string, unknown> }[]>((resolve, reject) => {
			const request = db.transaction('outbox').objectStore('outbox').getAll();
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return items;
	});
}

/**
 * Retries a write from the test process that meets the server's own write (a deferred transaction
 * whose read snapshot went stale gets SQLITE_BUSY at once, without the busy timeout).
 */
export async function retryBusy<T>(write: () => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await write();
		} catch (error) {
			if (attempt >= 20 || !/database is locked|SQLITE_BUSY/.test(String(error))) throw error;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

/** Responses stored for a panel code in the demo project. */
export function responsesOf(world: KioskWorld, panelCode: string) {
	return world.db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
		.select([
			'responses.id',
			'responses.status',
			'responses.mode',
			'responses.language',
			'responses.kiosk_id',
			'responses.received_at',
			'instrument_versions.instrument_key'
		])
		.where('respondents.project_id', '=', world.projectId)
		.where('respondents.panel_code', '=', panelCode)
		.execute();
}

export async function answersOf(world: KioskWorld, responseId: string): Promise<Record<string, number | string | null>> {
	const rows = await world.db.selectFrom('answers').selectAll().where('response_id', '=', responseId).execute();
	return Object.fromEntries(rows.map((r) => [r.item_key, r.value_text ?? r.value_num]));
}
