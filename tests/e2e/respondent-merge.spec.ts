/**
 * Merging two panel codes in the browser when both answered the same survey in a wave: the form
 * lists where, asks to confirm, and merges only then (JavaScript on and off). A screenshot of the
 * warning at phone size goes to /tmp/respondent-merge/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createDb, type Db } from '$lib/server/db/create-db';
import { setUserLocale } from '$lib/server/users';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { logInThroughForm } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
const SCREENSHOTS = '/tmp/respondent-merge';

let server: RunningServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
	const admin = await db.selectFrom('users').select('id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
	await setUserLocale(db, admin.id, 'en');
	browser = await launchBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
	await server?.stop();
});

/** Two unmerged codes of the demo that both answered the baseline's first instrument. */
async function twoBaselineCodes(skip: number): Promise<[string, string]> {
	const rows = await db
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
		await logInThroughForm(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/projects/demo/respondents`);
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
			(await db.selectFrom('respondents').select('merged_into_id').where('panel_code', '=', from).executeTakeFirstOrThrow()).merged_into_id;
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
