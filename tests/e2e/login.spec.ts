import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe.each([true, false])('with JavaScript %s', (javaScriptEnabled) => {
	it('logs in, keeps the session in an HttpOnly cookie, and logs out on the server', async () => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone });
		const page = await context.newPage();
		await page.goto(`${server.url}/account`);
		expect(new URL(page.url()).pathname).toBe('/login');

		await page.getByLabel('E-mail').fill(ADMIN.email);
		await page.getByLabel('Password').fill('wrong password');
		await page.getByRole('button', { name: 'Log in' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('not correct');

		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Log in' }).click();
		await page.waitForURL(`${server.url}/account`);
		// Staff pages now follow the user's own language (the first admin's is Simplified Chinese).
		await expect.poll(() => page.locator('h1').textContent()).toBe('账户');

		const session = (await context.cookies()).find((c) => c.name === 'anju_session');
		expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
		expect(await page.evaluate(() => document.cookie).catch(() => '')).not.toContain('anju_session');

		await page.getByRole('button', { name: '退出登录' }).click();
		await page.waitForURL(/\/login/);
		// The old cookie no longer opens anything: the session ended on the server.
		const replay = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { cookie: `anju_session=${session?.value}` } });
		expect(replay.status).toBe(303);
		await context.close();
	});
});
