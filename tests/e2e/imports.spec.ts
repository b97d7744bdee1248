/**
 * Imports in the browser, with JavaScript on and off: an admin uploads an XLSForm, reviews the
 * YAML and the notes, adds it to the library and downloads it back as XLSForm; then imports a
 * KoboToolbox CSV with bad rows into a wave: upload → dry run report → refused → only the valid
 * rows. The built server runs on its own copy of the instrument library.
 * Screenshots at phone size go to /tmp/imports-e2e/ for a human look.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDb, type Db } from '$lib/server/db/create-db';
import { setUserLocale } from '$lib/server/users';
import { xlsformToInstrument } from '$lib/xlsform/import';
import { readWorkbook, writeWorkbook } from '$lib/xlsform/workbook';
import { createHouseholdWave, householdSheets } from '../fixtures/kobo/household-form';
import { launchBrowser, VIEWPORTS } from './helpers/browser';
import { logInThroughForm } from './helpers/login';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@example.org', password: 'a long enough password' };
const SCREENSHOTS = '/tmp/imports-e2e';
const FILES = join(tmpdir(), `anju-imports-e2e-${process.pid}`);
const INSTRUMENTS = join(FILES, 'instruments');

let server: RunningServer;
let browser: Browser;
let db: Db;

beforeAll(async () => {
	mkdirSync(FILES, { recursive: true });
	cpSync('instruments', INSTRUMENTS, { recursive: true });
	mkdirSync(SCREENSHOTS, { recursive: true });
	server = await startServer({ ANJU_ADMIN_EMAIL: ADMIN.email, ANJU_ADMIN_PASSWORD: ADMIN.password, ANJU_INSTRUMENTS_DIR: INSTRUMENTS });
	db = createDb(server.databasePath);
	const admin = await db.selectFrom('users').select('id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
	await setUserLocale(db, admin.id, 'en');
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await db?.destroy();
	await server?.stop();
	rmSync(FILES, { recursive: true, force: true });
});

async function screenshot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
	const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
	expect(scroll, `${name} scrolls sideways`).toBeLessThanOrEqual(client!);
}

/** The household form under another form_id, so each JavaScript mode adds its own instrument. */
async function householdForm(key: string): Promise<Buffer> {
	const sheets = householdSheets().map((s) =>
		s.name === 'settings' ? { ...s, rows: [s.rows[0]!, { row: 2, cells: ['Household survey', key, '2', 'English (en)'] }] } : s
	);
	return Buffer.from(await writeWorkbook(sheets));
}

describe.each([true, false])('with JavaScript %s', (javaScriptEnabled) => {
	const mode = javaScriptEnabled ? 'js' : 'nojs';
	const key = `household-${mode}`;
	// Response ids (Kobo's _uuid) are unique across projects, so each mode imports its own.
	const uuidPart = javaScriptEnabled ? '-8000-0000' : '-8000-1000';
	let context: BrowserContext;
	let versionId = '';

	beforeAll(async () => {
		context = await browser.newContext({ javaScriptEnabled, locale: 'en-US', viewport: VIEWPORTS.phone, acceptDownloads: true });
		await logInThroughForm(await context.newPage(), server.url, ADMIN.email, ADMIN.password);
	});
	afterAll(async () => context?.close());

	it('uploads an XLSForm, shows the notes and the YAML, adds it to the library and downloads it back', async () => {
		const page = await context.newPage();
		await page.goto(`${server.url}/instruments`);
		await page.getByRole('link', { name: 'Import an XLSForm' }).click();
		await page.waitForURL((url) => url.pathname === '/instruments/import');

		// A file that is not a workbook is refused with a plain reason.
		await page
			.getByLabel('XLSForm workbook (.xlsx)')
			.setInputFiles({ name: 'notes.xlsx', mimeType: 'text/plain', buffer: Buffer.from('hello') });
		await page.getByRole('button', { name: 'Convert' }).click();
		await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Anju cannot import this form as it is');
		expect(await page.locator('.issues').textContent()).toContain('the file is not an .xlsx workbook');

		await page
			.getByLabel('XLSForm workbook (.xlsx)')
			.setInputFiles({ name: `${key}.xlsx`, mimeType: 'application/octet-stream', buffer: await householdForm(key) });
		await page.getByRole('button', { name: 'Convert' }).click();
		const textarea = page.getByRole('textbox', { name: 'Instrument file for review' });
		await expect.poll(() => textarea.inputValue()).toContain(`key: ${key}\n`);
		const notes = await page.locator('.issues').textContent();
		expect(notes).toContain("list 'yes_no' has names that are not numbers; Anju stores the codes yes = 1, no = 2");
		expect(await page.locator('.issues li').first().textContent()).toContain('choices, row 2');
		await screenshot(page, `${mode}-1-xlsform-review`);

		// The reviewer sets the licence before adding.
		await textarea.fill((await textarea.inputValue()).replace('licence: not stated', 'licence: CC-BY-4.0'));
		await Promise.all([
			page.waitForURL((url) => url.pathname === `/instruments/${key}`),
			page.getByRole('button', { name: 'Add to library' }).click()
		]);
		await expect.poll(() => page.locator('h1').textContent()).toContain('Household survey');
		versionId = new URL(page.url()).searchParams.get('version') ?? '';
		expect(versionId).toMatch(/^[0-9a-f]{64}$/);
		expect(readFileSync(join(INSTRUMENTS, `${key}.yaml`), 'utf8')).toContain('licence: CC-BY-4.0\n');
		const audit = await db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'instrument_version.import').execute();
		expect(audit.map((a) => a.entity_id)).toContain(versionId);
		await screenshot(page, `${mode}-2-instrument`);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: /Download this version as an XLSForm/ }).click()
		]);
		expect(download.suggestedFilename()).toBe(`${key}-2.xlsx`);
		const back = xlsformToInstrument(await readWorkbook(readFileSync((await download.path())!)));
		expect(back.instrument?.key).toBe(key);
		expect(back.instrument?.items.map((i) => i.key)).toEqual([
			'hh_size',
			'has_job',
			'job_kind',
			'activities',
			'belong',
			'moved_in',
			'thanks'
		]);
		await page.close();
	});

	it('checks a KoboToolbox CSV with bad rows, refuses it, then imports only the valid rows', async () => {
		const wave = await createHouseholdWave(db, versionId, `kobo-${mode}`);

		const page = await context.newPage();
		await page.goto(`${server.url}/projects/${wave.slug}/waves/${wave.waveId}`);
		await page.getByRole('link', { name: 'Import responses from KoboToolbox' }).click();
		await page.waitForURL((url) => url.pathname.endsWith('/import'));
		await page.getByLabel('KoboToolbox CSV export').setInputFiles({
			name: 'household-bad-rows.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from(readFileSync('tests/fixtures/kobo/household-bad-rows.csv', 'utf8').replaceAll('-8000-0000', uuidPart))
		});
		await page.getByLabel('Site of the responses').selectOption({ label: 'Named in a column of the file' });
		await page.getByLabel('Column naming each row’s site').fill('site');
		await page
			.getByLabel('The XLSForm the data was collected with (optional)')
			.setInputFiles({ name: `${key}.xlsx`, mimeType: 'application/octet-stream', buffer: await householdForm(key) });
		await page.getByRole('button', { name: 'Check the file' }).click();

		const report = page.getByRole('region', { name: 'Check of household-bad-rows.csv' });
		await expect.poll(() => report.locator('.counts').textContent()).toMatch(/Ready to import\s*2(?!\d)/);
		expect(await report.locator('.counts').textContent()).toMatch(/Cannot be imported\s*11(?!\d)/);
		const rows = report.locator('ul.rows > li');
		expect(await rows.count()).toBe(11);
		expect(await rows.first().textContent()).toMatch(/^\s*Row 3\s+no panel code in column 'panel_code'\s*$/);
		expect(await rows.filter({ hasText: 'Row 10' }).textContent()).toContain("column 'household/pets' matches no item");
		await screenshot(page, `${mode}-3-kobo-report`);
		expect(await db.selectFrom('responses').select('id').where('wave_id', '=', wave.waveId).execute()).toEqual([]);

		await page.getByRole('button', { name: 'Import the responses (2)' }).click();
		await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Some rows cannot be imported');
		expect(await db.selectFrom('responses').select('id').where('wave_id', '=', wave.waveId).execute()).toEqual([]);

		await page.getByRole('checkbox', { name: 'Import only the valid rows and leave out the others' }).check();
		await page.getByRole('button', { name: 'Import the responses (2)' }).click();
		await expect.poll(() => page.getByRole('status').textContent()).toBe('Imported 2 responses.');
		await screenshot(page, `${mode}-4-kobo-done`);
		const stored = await db.selectFrom('responses').select(['id', 'mode']).where('wave_id', '=', wave.waveId).orderBy('id').execute();
		expect(stored).toEqual([
			{ id: `00000000-0000-4000${uuidPart}00000002`, mode: 'interviewer' },
			{ id: `00000000-0000-4000${uuidPart}00000014`, mode: 'interviewer' }
		]);
		await page.close();
	});
});

it('says plainly when an upload is too large, whether Anju or the server cuts it off', async () => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', viewport: VIEWPORTS.phone });
	const page = await context.newPage();
	await logInThroughForm(page, server.url, ADMIN.email, ADMIN.password);
	for (const size of [400 * 1024, 700 * 1024]) {
		await page.goto(`${server.url}/instruments/import`);
		await page
			.getByLabel('XLSForm workbook (.xlsx)')
			.setInputFiles({ name: 'big.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(size, 65) });
		await page.getByRole('button', { name: 'Convert' }).click();
		await expect
			.poll(() => page.getByRole('alert').first().textContent())
			.toBe('The file is larger than 360 KB. Use the command line (npm run anju) for larger files.');
	}
	await context.close();
});

it('keeps the repository’s instrument folder untouched', () => {
	expect(existsSync('instruments/household-js.yaml')).toBe(false);
	expect(existsSync(join(INSTRUMENTS, 'household-js.yaml'))).toBe(true);
});
