/**
 * The staff side walked through the browser, with JavaScript on and off (STYLE.md point 7): an
 * admin logs in and sets up a programme only through labelled fields and named buttons — project,
 * two sites, a baseline wave with instruments in order, a kiosk and its enrollment, an evaluator
 * as member — and that evaluator then reads the project but can change nothing.
 * Screenshots at phone size go to /tmp/staff-flows/ for a human look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createUser, setUserLocale } from '$lib/server/users';
import { listRoutes } from '../helpers/routes';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { logInThroughForm } from './helpers/login';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
const SCREENSHOTS = '/tmp/staff-flows';
/** Tabs only a coordinator (or admin) opens; an evaluator must not be shown them. */
const COORDINATOR_TABS = ['Kiosks', 'Fieldwork', 'Responses', 'Respondents', 'Audit log', 'Members'];

let server: RunningServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password });
	db = createDb(server.databasePath);
	// The first admin reads Chinese by default and the saved language is applied at login; these tests read English.
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

async function logIn(page: Page, email: string, password: string): Promise<void> {
	await logInThroughForm(page, server.url, email, password);
	await expect.poll(() => page.locator('h1').textContent()).toBe('Projects');
}

/** The part of the page under a section heading (sections here carry no accessible name). */
function sectionOf(page: Page, heading: string) {
	return page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });
}

/** A full-page screenshot for a human look; a page wider than the phone would scroll sideways, so none may be. */
async function screenshot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
	const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
	expect(width[0], `${name} scrolls sideways`).toBeLessThanOrEqual(width[1]!);
}

/** Waits for the page a form submission leads to, with or without JavaScript (enhance or a full load). */
async function submitAndWait(page: Page, click: () => Promise<void>, url: RegExp | ((url: URL) => boolean)): Promise<void> {
	await Promise.all([page.waitForURL(url), click()]);
}

describe.each([true, false])('with JavaScript %s', (javaScriptEnabled) => {
	const mode = javaScriptEnabled ? 'js' : 'nojs';
	const slug = `riverside-${mode}`;
	const projectName = `Riverside resettlement (${mode})`;
	const evaluator = { email: `eval-${mode}@example.org`, name: `Evaluator ${mode}`, password: 'another long password' };
	let admin: BrowserContext;
	let waveUrl = '';

	beforeAll(async () => {
		admin = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone });
	});

	afterAll(async () => {
		await admin?.close();
	});

	it('logs in as admin and creates a project', async () => {
		const page = await admin.newPage();
		await logIn(page, ADMIN.email, ADMIN.password);

		const details = page.locator('details', { has: page.locator('summary', { hasText: 'Create a project' }) });
		// The form is folded away once a project exists (the other JavaScript mode made one).
		if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
		const form = details.locator('form');
		await form.getByLabel('Short name for the web address').fill(slug);
		await form.getByLabel('Name', { exact: true }).fill(projectName);
		await form.getByLabel('Description').fill('Baseline and follow-up of the resettled neighbourhoods.');
		await form.getByRole('checkbox', { name: 'English' }).check();
		await screenshot(page, `${mode}-1-project-create`);
		await submitAndWait(
			page,
			() => form.getByRole('button', { name: 'Create a project' }).click(),
			(url) => url.pathname === `/projects/${slug}`
		);
		await expect.poll(() => page.locator('h1').textContent()).toBe(projectName);

		await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
		await page.waitForURL((url) => url.pathname === '/projects');
		await expect.poll(() => page.getByRole('link', { name: projectName }).count()).toBe(1);
		await page.close();
	});

	it('adds a project-arm site and a comparison-arm site and lists them', async () => {
		const page = await admin.newPage();
		await page.goto(`${server.url}/projects/${slug}`);
		await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Sites' }).click();
		await page.waitForURL((url) => url.pathname === `/projects/${slug}/sites`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Sites');

		const sites = [
			{ name: 'Riverside Garden', arm: 'Project', target: '120', region: 'North district' },
			{ name: 'Old Town', arm: 'Comparison', target: '80', region: '' }
		];
		for (const site of sites) {
			const form = sectionOf(page, 'Add a site').locator('form');
			await form.getByLabel('Name').fill(site.name);
			await form.getByRole('radio', { name: site.arm }).check();
			await form.getByLabel('Target per wave').fill(site.target);
			await form.getByLabel('Region (optional)').fill(site.region);
			// The redirect returns to the same address; wait for the new site to appear instead.
			await form.getByRole('button', { name: 'Add site' }).click();
			await expect.poll(() => page.locator('ul.sites > li').filter({ hasText: site.name }).count()).toBe(1);
		}
		for (const site of sites) {
			const item = page.locator('ul.sites > li').filter({ hasText: site.name });
			const text = await item.locator('.summary').textContent();
			expect(text).toContain(site.arm);
			expect(text).toContain(`${site.target} per wave`);
			expect(text).toContain(site.region || 'No region');
		}
		await screenshot(page, `${mode}-2-sites`);
		await page.close();
	});

	it('creates a baseline wave with two instruments in order and shows them on the wave page', async () => {
		const page = await admin.newPage();
		await page.goto(`${server.url}/projects/${slug}/waves`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Waves');
		const form = sectionOf(page, 'Add a wave').locator('form');
		await form.getByLabel('Name').fill('Baseline 2026');
		expect(await form.getByLabel('Order').inputValue()).toBe('1');
		await form.getByRole('radio', { name: 'Baseline' }).check();
		await form.getByLabel('Opens on (optional)').fill('2026-03-01');
		await form.getByLabel('Closes on (optional)').fill('2026-06-30');

		// Two instruments, deliberately not in library order; every other position left empty.
		const positions = form.getByRole('combobox', { name: /^Position \d+$/ });
		const current = await positions
			.first()
			.locator('optgroup[label="Current versions"] option')
			.evaluateAll((options) => options.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
		expect(current.length).toBeGreaterThanOrEqual(2);
		const chosen = [current[1]!, current[0]!];
		const count = await positions.count();
		for (let i = 0; i < count; i++) {
			await form.getByLabel(`Position ${i + 1}`, { exact: true }).selectOption(chosen[i]?.value ?? '');
		}
		await screenshot(page, `${mode}-3-wave-create`);
		await submitAndWait(page, () => form.getByRole('button', { name: 'Create wave' }).click(), /\/waves\/[0-9a-f-]{36}$/);
		waveUrl = page.url();

		await expect.poll(() => page.locator('h1').textContent()).toBe('Baseline 2026');
		const facts = await page.locator('p.facts').textContent();
		expect(facts).toContain('Baseline');
		expect(facts).toContain('2026-03-01 to 2026-06-30');
		const assigned = sectionOf(page, 'Instruments asked').locator('ol.assigned > li a');
		const titles = chosen.map((c) => c.label.split(' · version ')[0]!.trim());
		await expect.poll(() => assigned.allTextContents()).toEqual(titles);
		await screenshot(page, `${mode}-4-wave`);

		await page.getByRole('link', { name: '← All waves' }).click();
		await page.waitForURL((url) => url.pathname === `/projects/${slug}/waves`);
		const listed = page.locator('ol.waves > li').filter({ hasText: 'Baseline 2026' });
		expect(await listed.textContent()).toContain('Instruments: 2');
		await page.close();
	});

	it('creates a kiosk, enrolls it once with the code from the page, and lists it as enrolled', async () => {
		const page = await admin.newPage();
		await page.goto(`${server.url}/projects/${slug}/kiosks`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Kiosks');
		const form = sectionOf(page, 'Add a kiosk').locator('form');
		await form.getByLabel('Site').selectOption({ label: 'Riverside Garden' });
		await form.getByLabel('Name').fill('Activity room tablet');
		await form.getByRole('button', { name: 'Create kiosk' }).click();

		const slip = page.getByRole('region', { name: 'Enroll “Activity room tablet” (Riverside Garden)' });
		await slip.waitFor();
		const code = (await slip.locator('.code').textContent())?.trim() ?? '';
		expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(await slip.locator('.url code').textContent()).toContain(server.url);
		await expect
			.poll(() => page.locator('.kiosk').filter({ hasText: 'Activity room tablet' }).textContent())
			.toContain('Waiting for enrollment');
		await screenshot(page, `${mode}-5-kiosk-slip`);

		const enroll = () =>
			fetch(`${server.url}/api/kiosk/enroll`, {
				method: 'POST',
				headers: { origin: server.url, 'content-type': 'application/json' },
				body: JSON.stringify({ code })
			});
		const first = await enroll();
		expect(first.status).toBe(200);
		const enrolled = (await first.json()) as { token: string };
		expect(enrolled.token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
		const again = await enroll();
		expect(again.status).toBeGreaterThanOrEqual(400);
		expect(((await again.json()) as { error: { code: string } }).error.code).toBe('unknown_code');

		// A fresh load: the slip (and its code) is gone, the kiosk reads as enrolled.
		await page.goto(`${server.url}/projects/${slug}/kiosks`);
		expect(await page.getByRole('region', { name: /^Enroll/ }).count()).toBe(0);
		const card = page.locator('.kiosk').filter({ hasText: 'Activity room tablet' });
		expect((await card.locator('.tag').textContent())?.trim()).toBe('Enrolled');
		const text = await card.locator('dl').textContent();
		expect(text).toContain('Riverside Garden');
		expect(text).not.toContain('Never'); // last seen: at enrollment
		expect(await card.getByRole('button', { name: 'Revoke Activity room tablet' }).count()).toBe(1);
		await page.close();
	});

	it('adds an evaluator as a member of the project', async () => {
		await createUser(db, { ...evaluator, role: 'evaluator', locale: 'en' });
		const page = await admin.newPage();
		await page.goto(`${server.url}/projects/${slug}/members`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Members');
		await page.getByLabel('User').selectOption({ label: `${evaluator.name} · ${evaluator.email}` });
		await page.getByRole('button', { name: 'Add a member' }).click();
		await expect.poll(() => page.locator('ul.members > li').filter({ hasText: evaluator.email }).count()).toBe(1);
		expect(await page.getByRole('button', { name: `Remove ${evaluator.name}` }).count()).toBe(1);
		await page.close();
	});

	it('lets the evaluator read the project but change nothing', async () => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone });
		const page = await context.newPage();
		await logIn(page, evaluator.email, evaluator.password);
		// Only admins may create projects.
		expect(await page.locator('main form').count()).toBe(0);
		await page.getByRole('link', { name: projectName }).click();
		await page.waitForURL((url) => url.pathname === `/projects/${slug}`);

		const pages = [
			{ path: `/projects/${slug}`, heading: projectName, shot: 'overview' },
			{ path: `/projects/${slug}/sites`, heading: 'Sites', shot: 'sites' },
			{ path: `/projects/${slug}/waves`, heading: 'Waves', shot: 'waves' },
			{ path: new URL(waveUrl).pathname, heading: 'Baseline 2026', shot: 'wave' }
		];
		for (const { path, heading, shot } of pages) {
			const response = await page.goto(`${server.url}${path}`);
			expect(response?.status(), path).toBe(200);
			await expect.poll(() => page.locator('h1').textContent()).toBe(heading);
			expect(await page.locator('main form').count(), path).toBe(0);
			expect(await page.locator('main').getByRole('button').count(), path).toBe(0);
			expect(await page.locator('main').getByRole('textbox').count(), path).toBe(0);
			const tabs = await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link').allTextContents();
			expect(tabs.map((t) => t.trim())).toEqual(['Overview', 'Sites', 'Waves', 'Indicators', 'Exports']);
			for (const tab of COORDINATOR_TABS) expect(tabs).not.toContain(tab);
			await screenshot(page, `${mode}-6-evaluator-${shot}`);
		}
		// What the evaluator was shown is what they get: the data is there to read.
		await page.goto(`${server.url}/projects/${slug}/sites`);
		expect(await page.locator('ul.sites > li').count()).toBe(2);
		await page.goto(waveUrl);
		expect(await page.locator('ol.assigned > li').count()).toBe(2);
		// Coordinator pages do not open either.
		for (const tab of ['kiosks', 'fieldwork', 'responses', 'respondents', 'audit', 'members']) {
			const response = await page.goto(`${server.url}/projects/${slug}/${tab}`);
			expect(response?.status(), tab).toBe(403);
		}

		// Every form action of the project (and project creation), posted with the evaluator's own cookie.
		const project = await db.selectFrom('projects').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
		const site = await db.selectFrom('sites').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow();
		const self = await db.selectFrom('users').select('id').where('email', '=', evaluator.email).executeTakeFirstOrThrow();
		const params: Record<string, string> = { slug, waveId: new URL(waveUrl).pathname.split('/').pop()!, responseId: crypto.randomUUID() };
		const auditRows = () =>
			db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
		const before = await auditRows();
		const posts = listRoutes()
			.filter((route) => route.id === '/projects' || route.id.startsWith('/projects/[slug]'))
			.flatMap((route) => {
				const path = route.id.replace(/\[(\w+)\]/g, (_, name: string) => params[name]!);
				return route.actions.map((action) => (action === 'default' ? path : `${path}?/${action}`));
			});
		expect(posts.length).toBeGreaterThan(10);
		for (const path of posts) {
			const response = await context.request.post(`${server.url}${path}`, {
				headers: { origin: server.url, accept: 'text/html' },
				// Plausible fields, so a missing check could not hide behind a validation error.
				form: {
					id: site.id,
					userId: self.id,
					name: 'Changed by evaluator',
					arm: 'project',
					targetPerWave: '1',
					slug: 'evil',
					languages: 'en'
				},
				maxRedirects: 0
			});
			expect(response.status(), `POST ${path}`).toBe(403);
		}
		expect(await auditRows()).toEqual(before);
		await context.close();
	});
});
