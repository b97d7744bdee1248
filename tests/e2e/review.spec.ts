import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb } from '$lib/server/db/create-db';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { logInThroughForm } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password });
	seedDemo(server.databasePath);
	// The first admin reads Chinese by default (applied at login); these tests read English.
	const db = createDb(server.databasePath);
	await db.updateTable('users').set({ locale: 'en' }).where('email', '=', ADMIN.email).execute();
	await db.destroy();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe.each([true, false])('with JavaScript %s', (javaScriptEnabled) => {
	it('excludes a response with a reason, refuses one without, and restores it', async () => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone });
		const page = await context.newPage();
		await logInThroughForm(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/projects/demo/responses?mode=kiosk`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Responses');
		await page.locator('tbody a').first().click();
		await page.waitForURL(/\/responses\/[0-9a-f-]{36}$/);
		const responseUrl = page.url();

		// Without a reason nothing is excluded (the browser's own check switched off to reach the server's).
		await page.evaluate(() => document.querySelectorAll('form').forEach((f) => (f.noValidate = true)));
		await page.getByRole('button', { name: 'Exclude response' }).click();
		await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Give a reason');

		await page.getByLabel('Reason (required)').last().fill('Test visit by staff');
		await page.getByRole('button', { name: 'Exclude response' }).click();
		await expect.poll(() => page.locator('.banner').first().textContent()).toContain('Test visit by staff');
		expect(page.url()).toContain(responseUrl);

		await page.getByLabel('Reason (required)').last().fill('It was a resident after all');
		await page.getByRole('button', { name: 'Restore response' }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Exclude response' }).count()).toBe(1);
		expect(await page.locator('.banner').count()).toBe(0);

		await page.goto(`${server.url}/projects/demo/audit?entity=response`);
		const log = await page.locator('main').textContent();
		expect(log).toContain('response.exclude');
		expect(log).toContain('response.restore');
		expect(log).toContain('It was a resident after all');
		await context.close();
	});
});
