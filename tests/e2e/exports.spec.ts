/**
 * Exports on the built server, in Chromium: an evaluator opens the Exports tab and downloads the
 * files through its links with their session (the long CSV streamed over HTTP, every answer in it);
 * panel codes are refused to them with a JSON error; an admin asks for them through the page's GET
 * form, with JavaScript off; every download is in the audit log. Screenshots at phone and desktop
 * width, in both languages, go to /tmp/exports-e2e/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, type Db } from '$lib/server/db/create-db';
import { addMember } from '$lib/server/members';
import { createUser, setUserLocale } from '$lib/server/users';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { logInThroughForm } from './helpers/login';
import { seedDemo, startServer, type RunningServer } from './helpers/server';

const PASSWORD = 'a long enough password';
const ADMIN = 'admin@example.org';
const EVALUATOR = 'eval@example.org';
const SCREENSHOTS = '/tmp/exports-e2e';

let server: RunningServer;
let db: Db;
let browser: Browser;
let projectId: string;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN, ANJU_ADMIN_PASSWORD: PASSWORD });
	seedDemo(server.databasePath);
	db = createDb(server.databasePath);
	projectId = (await db.selectFrom('projects').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	const evaluator = await createUser(db, { email: EVALUATOR, name: 'Eval', password: PASSWORD, role: 'evaluator' });
	await setUserLocale(db, evaluator.id, 'en');
	const admin = await db.selectFrom('users').select('id').where('email', '=', ADMIN).executeTakeFirstOrThrow();
	await setUserLocale(db, admin.id, 'en');
	await addMember(db, projectId, evaluator.id, admin.id);
	browser = await launchBrowser();
	mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
	await server?.stop();
});

async function loggedIn(
	email: string,
	javaScriptEnabled = true,
	viewport: { width: number; height: number } = VIEWPORTS.desktop
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport });
	const page = await context.newPage();
	await logInThroughForm(page, server.url, email, PASSWORD);
	return { context, page };
}

async function countExportAudits(userEmail: string): Promise<number> {
	const rows = await db
		.selectFrom('audit_log')
		.innerJoin('users', 'users.id', 'audit_log.actor_user_id')
		.select('audit_log.id')
		.where('users.email', '=', userEmail)
		.where('audit_log.action', 'like', 'export.%')
		.execute();
	return rows.length;
}

describe('exports on the built server', () => {
	it('an evaluator opens the tab and downloads the long CSV through its link, streamed, every answer in it', async () => {
		const { context, page } = await loggedIn(EVALUATOR);
		await page.goto(`${server.url}/projects/demo`);
		await Promise.all([
			page.waitForURL(/\/exports$/),
			page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Exports' }).click()
		]);
		expect(await page.locator('h1').textContent()).toBe('Export data');
		expect(await page.getByLabel(/panel codes/i).count()).toBe(0);
		const href = await page.getByRole('link', { name: 'Long CSV: one row per answer' }).getAttribute('href');
		expect(href).toMatch(/^\/api\/v1\/projects\/demo\/exports\/long\.csv\?key=[A-Za-z0-9_-]{22}$/);

		const before = await countExportAudits(EVALUATOR);
		const response = await context.request.get(`${server.url}${href}`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8; header=present');
		expect(response.headers()['content-disposition']).toBe('attachment; filename="demo-long.csv"');
		expect(response.headers()['transfer-encoding']).toBe('chunked');
		const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
		const { n } = await db
			.selectFrom('answers')
			.innerJoin('responses', 'responses.id', 'answers.response_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('responses.project_id', '=', projectId)
			.where('responses.excluded', '=', 0)
			.executeTakeFirstOrThrow();
		expect(rows.length).toBe(Number(n));
		expect(rows[0]!.respondent).toMatch(/^r[0-9a-z]{12}$/);
		expect(await countExportAudits(EVALUATOR)).toBe(before + 1);

		// Every file of the page answers.
		for (const link of await page.getByRole('link', { name: /CSV|Codebook|script|syntax|do-file/ }).all()) {
			const href = (await link.getAttribute('href')) ?? '';
			const file = await context.request.get(`${server.url}${href}`);
			expect(file.status(), href).toBe(200);
		}
		await context.close();
	});

	it('panel codes are refused to an evaluator with a JSON error, and to the anonymous', async () => {
		const { context } = await loggedIn(EVALUATOR);
		const refused = await context.request.get(`${server.url}/api/v1/projects/demo/exports/wide.csv?key=abcdefghijklmnop&panel_codes=1`);
		expect(refused.status()).toBe(403);
		expect((await refused.json()).error).toMatchObject({ code: 'panel_codes_forbidden', path: 'panel_codes' });
		await context.close();
		const anonymous = await fetch(`${server.url}/api/v1/projects/demo/exports/wide.csv?key=abcdefghijklmnop`);
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).error.code).toBe('unauthenticated');
	});

	it('an admin asks for panel codes through the form, with JavaScript off', async () => {
		const { context, page } = await loggedIn(ADMIN, false);
		await page.goto(`${server.url}/projects/demo/exports`);
		await page.getByLabel(/panel codes/i).check();
		await page.getByLabel('12-month follow-up', { exact: false }).uncheck();
		await Promise.all([page.waitForURL(/panel_codes=1/), page.getByRole('button', { name: 'Update the links' }).click()]);
		const href = (await page.getByRole('link', { name: /^Wide CSV/ }).getAttribute('href'))!;
		expect(href).toContain('panel_codes=1');
		const wide = parse(await (await context.request.get(`${server.url}${href}`)).text(), { columns: true }) as Record<string, string>[];
		expect(wide[0]!.panel_code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
		expect(new Set(wide.map((r) => r.wave)).size).toBe(2);
		const audit = await db.selectFrom('audit_log').select('action').where('action', '=', 'export.download_with_panel_codes').execute();
		expect(audit.length).toBe(1);
		await context.close();
	});

	it('reads well at phone and desktop width, in both languages (screenshots)', async () => {
		for (const [name, viewport] of Object.entries({ phone: VIEWPORTS.phone, desktop: { width: 1024, height: 800 } })) {
			for (const locale of ['en', 'zh-Hans']) {
				const { context, page } = await loggedIn(EVALUATOR, true, viewport);
				await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: server.url }]);
				await page.goto(`${server.url}/projects/demo/exports`);
				await page.screenshot({ path: `${SCREENSHOTS}/exports-${name}-${locale}.png`, fullPage: true });
				const [scrollWidth, clientWidth] = await page.evaluate(() => [
					document.documentElement.scrollWidth,
					document.documentElement.clientWidth
				]);
				expect(scrollWidth, `${name} ${locale} scrolls sideways`).toBeLessThanOrEqual(clientWidth!);
				await context.close();
			}
		}
	});
});
