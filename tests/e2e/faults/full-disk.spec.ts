/**
 * The database on a full disk (see full-disk.ts for the two ways of filling one). Submissions get
 * 503 with Retry-After and a JSON error — never a 500 — nothing is half written, the database
 * passes integrity_check, reads keep working, and once space is freed the same submissions are
 * stored, once each. A kiosk in Chromium keeps the response in its outbox through the 503s and
 * delivers it after recovery.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import {
	ADMIN_EMAIL,
	ADMIN_PASSWORD,
	answerInstrument,
	enrollTablet,
	nav,
	outboxItems,
	responsesOf,
	startAsNewResident
} from '../helpers/kiosk';
import { onPostgres } from '../../helpers/db';
import { FULL_DISKS, type FullDisk } from './full-disk';
import {
	asKioskWorld,
	asStored,
	checkDatabase,
	enrollDevice,
	identitySubmission,
	participationSubmission,
	startFaultWorld,
	storedAnswers,
	storedCounts,
	submit,
	textSubmission,
	type Device,
	type FaultWorld
} from './world';
import type { SubmissionBody } from '../../helpers/submissions';

// A full disk here is the SQLite file's: PostgreSQL's disk is its server's (53100 maps to the same 503, see api-response.ts).
describe.skipIf(onPostgres).each(FULL_DISKS)('the database on $label', ({ label, available, make }) => {
	let disk: FullDisk;
	let world: FaultWorld;
	let device: Device;

	beforeAll(async () => {
		if (!available) return;
		disk = make();
		world = await startFaultWorld({ dir: disk.dir });
		device = await enrollDevice(world);
	});

	afterAll(async () => {
		await world?.stop();
		disk?.dispose();
	});

	it.skipIf(!available)('gets 503 with Retry-After, stays sound and recovers when space is freed', async () => {
		for (let i = 0; i < 3; i++) expect((await submit(world, device, identitySubmission(world))).status).toBe(200);
		const before = await storedCounts(world.db);
		await disk.fill(world);

		const refused: SubmissionBody[] = [identitySubmission(world), participationSubmission(world), textSubmission(world, '满了 <full/>')];
		for (const body of refused) {
			const reply = await submit(world, device, body);
			expect(reply.status, `${label}: ${reply.text}`).toBe(503);
			expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
			expect(reply.headers['content-type']).toMatch(/^application\/json/);
			expect(reply.json()).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/try again/) } });
		}
		// Reads still work: the kiosk can load its survey.
		const bundle = await fetch(`${world.url}/api/kiosk/bundle`, { headers: { authorization: `Bearer ${device.token}` } });
		expect(bundle.status).toBe(200);
		expect(await storedCounts(world.db)).toEqual(before);
		expect(await checkDatabase(world.db)).toEqual({ integrity: ['ok'], foreignKeys: [] });

		await disk.free(world);
		for (const body of refused) {
			const reply = await submit(world, device, body);
			expect(reply.status, reply.text).toBe(200);
			expect(reply.json()).toMatchObject({ id: body.id, replay: false });
		}
		const answers = await storedAnswers(
			world.db,
			refused.map((b) => b.id)
		);
		for (const body of refused) expect(answers.get(body.id)).toEqual(asStored(body.answers));
		expect((await storedCounts(world.db)).responses).toBe(before.responses + refused.length);
		expect(await checkDatabase(world.db)).toEqual({ integrity: ['ok'], foreignKeys: [] });
		// The server never logged an unexpected error for it.
		expect(world.server.output()).not.toMatch(/cannot rollback|Error:/);
	});

	it.skipIf(!available)(
		"answers a staff form with 503, Retry-After and a page that says to try again, in the reader's language",
		async () => {
			const logIn = (language: string) =>
				fetch(`${world.url}/login`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						accept: 'text/html',
						origin: world.url,
						'accept-language': language
					},
					body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
				});
			await disk.fill(world);
			const refused = await logIn('en');
			expect(refused.status).toBe(503);
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
			const page = await refused.text();
			expect(
				page
					.replace(/<script[\s\S]*?<\/script>/g, '')
					.replace(/<[^>]+>/g, ' ')
					.replace(/\s+/g, ' ')
			).toContain('Anju cannot save right now');
			expect(page).toContain('Nothing was changed. Try again in a minute');
			const refusedInChinese = await logIn('zh-CN,zh;q=0.9');
			expect(refusedInChinese.status).toBe(503);
			expect(await refusedInChinese.text()).toMatch(/安居暂时无法保存[\s\S]*没有任何内容被更改/);
			expect(world.server.output()).toMatch(/database unavailable for POST \/login/);

			await disk.free(world);
			const loggedIn = await logIn('en');
			expect(loggedIn.status).toBe(303);
			expect(loggedIn.headers.get('set-cookie')).toMatch(/anju_session=/);
		}
	);
});

const kioskDisk = FULL_DISKS.find((d) => d.available);

describe.skipIf(!kioskDisk || onPostgres)(`a kiosk while the server's disk is full (${kioskDisk?.label})`, () => {
	let disk: FullDisk;
	let world: FaultWorld;
	let browser: Browser;

	beforeAll(async () => {
		disk = kioskDisk!.make();
		world = await startFaultWorld({ dir: disk.dir });
		browser = await launchBrowser();
	});

	afterAll(async () => {
		await browser?.close();
		await world?.stop();
		disk?.dispose();
	});

	it('keeps the response in its outbox through the 503s and delivers it once after recovery', async () => {
		const kioskWorld = asKioskWorld(world);
		const { page, context } = await enrollTablet(kioskWorld, browser);
		const code = await startAsNewResident(page);
		await disk.fill(world);

		await answerInstrument(page);
		// The resident goes on to the next instrument; the response waits on the device.
		await expect.poll(() => nav.start(page).count()).toBe(1);
		await expect
			.poll(async () => (await outboxItems(page)).map((i) => (i as { attempts?: number; lastError?: string }).lastError ?? null), {
				timeout: 15_000
			})
			.toEqual([expect.stringMatching(/503/)]);
		expect(await responsesOf(kioskWorld, code)).toEqual([]);

		// Staff hold the logo for the status: one response waiting, none refused; "send now" while still full keeps it.
		const logo = page.getByTestId('kiosk-logo');
		const box = (await logo.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.down();
		await page.waitForTimeout(3300);
		await page.mouse.up();
		await expect.poll(() => page.getByTestId('status-waiting').textContent(), { timeout: 10_000 }).toBe('1');
		const sendNow = page.getByRole('button', { name: /立即发送|Send now/ });
		await sendNow.click();
		await expect.poll(async () => ((await outboxItems(page))[0] as { attempts?: number } | undefined)?.attempts).toBeGreaterThanOrEqual(2);
		expect(await page.getByTestId('status-rejected').textContent()).toBe('0');

		await disk.free(world);
		await sendNow.click();
		await expect.poll(() => outboxItems(page), { timeout: 15_000 }).toEqual([]);
		await expect.poll(() => page.getByTestId('status-waiting').textContent()).toBe('0');
		const stored = await responsesOf(kioskWorld, code);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ status: 'complete', mode: 'kiosk' });
		expect(await checkDatabase(world.db)).toEqual({ integrity: ['ok'], foreignKeys: [] });
		await context.close();
	});
});
