import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const LIBRARY_TITLES = {
	en: ['You and this community', 'How you have been feeling', 'About you and your household'],
	'zh-Hans': ['我和这个社区', '最近的心情和精神', '您和您的家']
};

describe.each([true, false])('with JavaScript %s', (javaScriptEnabled) => {
	it('opens the home page in English and in Chinese from the browser language', async () => {
		for (const [locale, heading] of [
			['en-US', 'Anju'],
			['zh-CN', '安居']
		] as const) {
			const context = await browser.newContext({ javaScriptEnabled, locale, viewport: VIEWPORTS.phone });
			const page = await context.newPage();
			const response = await page.goto(server.url);
			expect(response?.status()).toBe(200);
			await expect.poll(() => page.locator('h1').textContent()).toContain(heading);
			expect(await page.getAttribute('html', 'lang')).toBe(locale === 'zh-CN' ? 'zh-Hans' : 'en');
			await context.close();
		}
	});

	it('lists the instrument library in both languages, switching language with the form', async () => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.tablet });
		const page = await context.newPage();
		await page.goto(`${server.url}/instruments`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Instrument library');
		const rows = page.locator('tbody tr');
		expect(await rows.count()).toBe(6);
		const english = await page.locator('tbody').textContent();
		for (const title of LIBRARY_TITLES.en) expect(english).toContain(title);

		const reloaded = page.waitForResponse((r) => r.url() === `${server.url}/instruments` && r.request().method() === 'GET');
		await page.getByRole('button', { name: '简体中文' }).click();
		await reloaded;
		await page.waitForLoadState('load');
		await expect.poll(() => page.locator('h1').textContent()).toBe('量表库');
		const chinese = await page.locator('tbody').textContent();
		for (const title of LIBRARY_TITLES['zh-Hans']) expect(chinese).toContain(title);
		expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans');

		await page.locator('tbody a').filter({ hasText: '我和这个社区' }).click();
		await expect.poll(() => page.locator('h1').textContent()).toContain('我和这个社区');
		// Every item is shown in both languages side by side.
		const firstItem = page.locator('.items li').first();
		expect(await firstItem.locator('[lang="zh-Hans"]').count()).toBe(1);
		expect(await firstItem.locator('[lang="en"]').count()).toBe(1);
		await context.close();
	});
});

it('answers 404 for an unknown instrument without a stack trace', async () => {
	const response = await fetch(`${server.url}/instruments/no-such-thing`);
	expect(response.status).toBe(404);
	expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
});
