/**
 * Merging two panel codes in the browser when both answered the same survey in a wave: the form
 * lists where, asks to confirm, and merges only then (JavaScript on and off). And a page about a
 * response the project does not have says so in the reader's language. A screenshot of the
 * warning at phone size goes to /tmp/respondent-merge/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { setUserLocale } from '$lib/server/users';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startKioskWorld, type KioskWorld } from './helpers/kiosk';
import { loginCookie, logInThroughForm } from './helpers/login';

const SCREENSHOTS = '/tmp/respondent-merge';

let world: KioskWorld;
let browser: Browser;

beforeAll(async () => {
	world = await startKioskWorld();
	// The first admin reads Chinese by default; this test reads English.
	await setUserLocale(world.db, world.adminId, 'en');
	browser = await launchBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await world?.stop();
});

/** Two unmerged codes of the demo that both answered the baseline's first instrument. */
async function twoBaselineCodes(skip: number): Promise<[string, string]> {
	const rows = await world.db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.innerJoin('waves', 'waves.id', 'responses.wave_id')
		.select('respondents.panel_code')
		.distinct()
		.where('waves.kind', '=', 'baseline')
		.where('respondents.merged_into_id', 'is', null)
		.where('respondents.withdrawn_at', 'is', null)
		.orderBy('respondents.panel_code')
		.execute();
	const codes = rows.map((r) => r.panel_code).filter((code) => code !== null);
	return [codes[skip * 2]!, codes[skip * 2 + 1]!];
}

describe.each([true, false])('merging two codes that answered the same wave (JavaScript %s)', (javaScriptEnabled) => {
	it('lists where both answered, and merges only once confirmed', async () => {
		const [from, into] = await twoBaselineCodes(javaScriptEnabled ? 0 : 1);
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone });
		const page = await context.newPage();
		await logInThroughForm(page, world.server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
		await page.goto(`${world.server.url}/projects/demo/respondents`);
		await page.getByText('Merge two codes of the same person').click();
		const form = page.locator('form[action="?/merge"]');
		await form.getByLabel('Code to merge').fill(from);
		await form.getByLabel('Into code').fill(into);
		await form.getByLabel('Reason').fill('same resident, card reissued');
		await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: 'Merge' }).click()]);

		const warning = page.getByRole('alert').filter({ hasText: 'Both codes answered the same survey in the same wave' });
		await warning.waitFor();
		expect(await warning.textContent()).toMatch(/Baseline: [a-z-]+/);
		const merged = async () =>
			(await world.db.selectFrom('respondents').select('merged_into_id').where('panel_code', '=', from).executeTakeFirstOrThrow())
				.merged_into_id;
		expect(await merged()).toBeNull();
		// The codes and the reason are kept for the second try.
		expect(await form.getByLabel('Code to merge').inputValue()).toBe(from);
		await page.screenshot({ path: `${SCREENSHOTS}/warning-${javaScriptEnabled ? 'js' : 'nojs'}.png`, fullPage: true });

		await form.getByLabel('They are one person: merge anyway').check();
		await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: 'Merge' }).click()]);
		await expect.poll(merged).not.toBeNull();
		await context.close();
	});
});

describe('a page about something the project does not have', () => {
	it("says so in the reader's language", async () => {
		const cookie = await loginCookie(world.server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
		const missing = (language: string) =>
			fetch(`${world.server.url}/projects/demo/responses/no-such-response`, {
				headers: { cookie, accept: 'text/html', 'accept-language': language }
			});
		const english = await missing('en-US');
		expect(english.status).toBe(404);
		expect(await english.text()).toContain('No such response in this project');
		const chinese = await missing('zh-CN');
		expect(chinese.status).toBe(404);
		expect(await chinese.text()).toContain('本项目没有这份答卷');
	});
});
