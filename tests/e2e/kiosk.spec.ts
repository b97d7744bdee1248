/**
 * The kiosk as a resident meets it, on a tablet-sized Chromium against the built server: the demo
 * wave in Simplified Chinese with skip logic, a mistyped panel code, the idle reset (and nothing of
 * the previous resident left behind), working offline through a reload, exactly-once delivery of a
 * replayed outbox item, and a revoked kiosk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generatePanelCode, isValidPanelCode, PANEL_CODE_ALPHABET } from '$lib/panel-code';
import { revokeKiosk } from '$lib/server/kiosks';
import { launchBrowser } from './helpers/browser';
import {
	answerInstrument,
	answerItem,
	answersOf,
	currentItem,
	deviceStorage,
	enrollTablet,
	nav,
	outboxItems,
	responsesOf,
	retryBusy,
	startAsNewResident,
	startKioskWorld,
	waitForServiceWorker,
	type KioskWorld
} from './helpers/kiosk';

let world: KioskWorld;
let browser: Browser;
let instrumentKeys: string[];

beforeAll(async () => {
	world = await startKioskWorld();
	browser = await launchBrowser();
	const wave = await world.db
		.selectFrom('waves')
		.select('id')
		.where('project_id', '=', world.projectId)
		.where('wave_order', '=', 1)
		.executeTakeFirstOrThrow();
	instrumentKeys = (
		await world.db
			.selectFrom('wave_instruments')
			.innerJoin('instrument_versions', 'instrument_versions.id', 'wave_instruments.instrument_version_id')
			.select('instrument_versions.instrument_key')
			.where('wave_instruments.wave_id', '=', wave.id)
			.orderBy('wave_instruments.position')
			.execute()
	).map((r) => r.instrument_key);
});

afterAll(async () => {
	await browser?.close();
	await world?.stop();
});

describe('a resident on an enrolled kiosk', () => {
	it('completes the demo wave in Simplified Chinese, with skip logic taking effect', async () => {
		const { page, context, kioskId } = await enrollTablet(world, browser);
		const code = await startAsNewResident(page);
		const asked: string[] = [];
		// Demographics: "another ethnic group" brings its follow-up; a listed language does not.
		asked.push(
			...(await answerInstrument(page, async (key, screen) => {
				if (key === 'dem_eth') {
					await screen.getByRole('radio').last().check();
					return true;
				}
				if (key === 'dem_lang') {
					await screen.getByRole('radio').first().check();
					return true;
				}
				if (key === 'dem_eth_other') {
					await screen.getByRole('textbox').fill('土家族');
					return true;
				}
				return false;
			}))
		);
		expect(asked).toContain('dem_eth_other');
		expect(asked).not.toContain('dem_lang_other');
		expect(asked.indexOf('dem_eth_other')).toBe(asked.indexOf('dem_eth') + 1);
		for (let i = 1; i < instrumentKeys.length; i++) asked.push(...(await answerInstrument(page)));
		// "Yes" to volunteering asks for the hours.
		expect(asked).toContain('part_vol_hours');
		await expect.poll(() => page.getByRole('heading', { name: '谢谢您！' }).count()).toBe(1);
		await page.getByRole('button', { name: '结束' }).click();
		await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count()).toBe(1);

		await expect.poll(async () => (await responsesOf(world, code)).length, { timeout: 15_000, interval: 250 }).toBe(instrumentKeys.length);
		const stored = await responsesOf(world, code);
		expect(stored.map((r) => r.instrument_key).sort()).toEqual([...instrumentKeys].sort());
		for (const r of stored) expect(r).toMatchObject({ status: 'complete', mode: 'kiosk', language: 'zh-Hans', kiosk_id: kioskId });
		const demographics = stored.find((r) => r.instrument_key === 'demographics')!;
		const answers = await answersOf(world, demographics.id);
		expect(answers).toMatchObject({ dem_eth: 9, dem_eth_other: '土家族', dem_lang: 1 });
		expect(answers).not.toHaveProperty('dem_lang_other');
		await context.close();
	});

	it('is asked again after a typo in their panel code, and the correct code is accepted', async () => {
		const { page, context } = await enrollTablet(world, browser);
		const code = generatePanelCode(Math.random);
		const plain = code.replace('-', '');
		// One character changed: the check character catches it.
		const index = 2;
		const other = [...PANEL_CODE_ALPHABET].find(
			(c) => c !== plain[index] && !isValidPanelCode(plain.slice(0, index) + c + plain.slice(index + 1))
		)!;
		const typo = plain.slice(0, index) + other + plain.slice(index + 1);
		expect(isValidPanelCode(typo)).toBe(false);

		await page.getByRole('button', { name: /简体中文/ }).click();
		await page.getByRole('button', { name: '我同意参加' }).click();
		await page.getByRole('button', { name: '参加过，我有编号卡' }).click();
		const keypad = page.getByRole('group', { name: '字母和数字' });
		for (const c of typo) await keypad.getByRole('button', { name: c, exact: true }).click();
		await page.getByRole('button', { name: '确定' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('这个编号好像不对');
		await expect.poll(() => page.getByRole('heading', { name: '请输入编号卡上的编号' }).count()).toBe(1);
		await expect.poll(() => page.getByLabel('您的编号').getAttribute('aria-invalid')).toBe('true');

		await page.getByRole('button', { name: '全部清除' }).click();
		await page.getByLabel('您的编号').pressSequentially(plain.toLowerCase());
		await expect.poll(() => page.getByLabel('您的编号').inputValue()).toBe(code);
		await page.getByRole('button', { name: '确定' }).click();
		// Accepted: the first instrument's introduction.
		await expect.poll(() => nav.start(page).count()).toBe(1);
		await context.close();
	});

	it('is warned when idle, then the kiosk starts over and keeps nothing of them but the partial response', async () => {
		const project = await world.db
			.selectFrom('projects')
			.select(['idle_warning_seconds', 'idle_reset_seconds'])
			.where('id', '=', world.projectId)
			.executeTakeFirstOrThrow();
		await retryBusy(() =>
			world.db.updateTable('projects').set({ idle_warning_seconds: 4, idle_reset_seconds: 3 }).where('id', '=', world.projectId).execute()
		);
		try {
			const { page, context } = await enrollTablet(world, browser);
			const code = await startAsNewResident(page);
			await nav.start(page).click();
			const secret = '布依族测试答案';
			for (;;) {
				const key = await currentItem(page);
				if (key === 'dem_eth') await page.getByTestId('item-dem_eth').getByRole('radio').last().check();
				else if (key === 'dem_eth_other') {
					await page.getByTestId('item-dem_eth_other').getByRole('textbox').fill(secret);
					await nav.next(page).click();
					break;
				} else await answerItem(page, key as string);
				await nav.next(page).click();
				await expect.poll(() => currentItem(page)).not.toBe(key);
			}
			await expect.poll(() => currentItem(page)).toBe('dem_reloc_year');

			// The warning after 4 s; the reset at least 20 s later (WCAG 2.2.1), whatever the project says.
			const warning = page.getByRole('alertdialog', { name: '您还在吗？' });
			await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(1);
			expect(await page.getByRole('button', { name: '我还在，继续回答' }).evaluate((b) => b === document.activeElement)).toBe(true);
			await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count(), { timeout: 30_000, interval: 500 }).toBe(1);
			expect(await warning.count()).toBe(0);

			await expect.poll(async () => (await responsesOf(world, code)).length, { timeout: 15_000, interval: 250 }).toBe(1);
			const [partial] = await responsesOf(world, code);
			expect(partial).toMatchObject({ status: 'partial', mode: 'kiosk', instrument_key: 'demographics' });
			expect(await answersOf(world, partial!.id)).toMatchObject({ dem_eth: 9, dem_eth_other: secret, dem_age: 1, dem_gender: 1 });
			await expect.poll(() => outboxItems(page)).toEqual([]);

			const leftovers = async () => {
				const text = (await page.locator('body').innerText()) + (await page.content()) + (await deviceStorage(page));
				expect(text).not.toContain(secret);
				expect(text).not.toContain(code);
				expect(text).not.toContain(code.replace('-', ''));
			};
			await leftovers();
			// The kiosk leaves no history entries behind to go back through.
			expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
			await page.goBack().catch(() => null);
			await page.goForward().catch(() => null);
			await page.waitForLoadState();
			await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count(), { timeout: 15_000 }).toBe(1);
			await leftovers();
			// Away and back (the back/forward cache must not restore a resident's screen).
			await page.goto(`${world.server.url}/favicon.svg`);
			await page.goBack();
			await page.waitForLoadState();
			await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count(), { timeout: 15_000 }).toBe(1);
			await leftovers();
			await context.close();
		} finally {
			await retryBusy(() => world.db.updateTable('projects').set(project).where('id', '=', world.projectId).execute());
		}
	});
});

describe('a kiosk off the network', () => {
	it('finishes an instrument offline, reloads offline, and delivers it exactly once when back online', async () => {
		const { page, context } = await enrollTablet(world, browser);
		await waitForServiceWorker(page);
		const code = await startAsNewResident(page);
		await context.setOffline(true);
		await answerInstrument(page);
		// The next instrument's introduction; the finished one waits in the outbox.
		await expect.poll(() => nav.start(page).count()).toBe(1);
		await expect.poll(async () => (await outboxItems(page)).length).toBe(1);
		const [item] = await outboxItems(page);
		expect(item!.body).toMatchObject({ panelCode: code, status: 'complete' });

		await page.reload();
		await expect.poll(() => page.getByRole('button', { name: /简体中文/ }).count(), { timeout: 15_000 }).toBe(1);
		expect(await responsesOf(world, code)).toEqual([]);
		await context.setOffline(false);
		await expect.poll(async () => (await responsesOf(world, code)).length, { timeout: 20_000, interval: 250 }).toBe(1);
		await expect.poll(() => outboxItems(page), { timeout: 10_000 }).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const stored = await responsesOf(world, code);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ id: item!.id, status: 'complete', instrument_key: 'demographics' });
		await context.close();
	});

	it('stores an outbox item sent twice concurrently once, with the same receipt', async () => {
		const { page, context } = await enrollTablet(world, browser);
		const token = await page.evaluate(() => localStorage.getItem('anju.kiosk.token'));
		expect(token).toBeTruthy();
		// As in the field, the service worker has cached the app (the sender's chunk too) before the network goes.
		await waitForServiceWorker(page);
		const code = await startAsNewResident(page);
		await context.setOffline(true);
		await answerInstrument(page);
		await expect.poll(async () => (await outboxItems(page)).length).toBe(1);
		const [item] = await outboxItems(page);
		const send = () =>
			fetch(`${world.server.url}/api/v1/submissions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
				body: JSON.stringify(item!.body)
			});
		const replies = await Promise.all([send(), send()]);
		expect(replies.map((r) => r.status)).toEqual([200, 200]);
		const receipts = (await Promise.all(replies.map((r) => r.json()))) as { id: string; receivedAt: string; replay: boolean }[];
		expect(receipts[0]!.id).toBe(item!.id);
		expect(receipts[1]!.receivedAt).toBe(receipts[0]!.receivedAt);
		expect(receipts.filter((r) => !r.replay)).toHaveLength(1);
		// The kiosk's own sender then delivers it a third time: still one response.
		await context.setOffline(false);
		await expect.poll(() => outboxItems(page), { timeout: 20_000 }).toEqual([]);
		const stored = await responsesOf(world, code);
		expect(stored.map((r) => r.id)).toEqual([item!.id]);
		await context.close();
	});
});

describe('a revoked kiosk', () => {
	it('is refused and says so', async () => {
		const { page, context, kioskId } = await enrollTablet(world, browser);
		await retryBusy(() => revokeKiosk(world.db, kioskId, world.adminId));
		await page.reload();
		await expect
			.poll(() => page.getByRole('heading', { name: /This tablet is no longer enrolled|这台平板已被停用/ }).count(), { timeout: 15_000 })
			.toBe(1);
		expect(await page.getByRole('button', { name: /简体中文/ }).count()).toBe(0);
		const token = await page.evaluate(() => localStorage.getItem('anju.kiosk.token'));
		const refused = await fetch(`${world.server.url}/api/kiosk/bundle`, { headers: { authorization: `Bearer ${token}` } });
		expect(refused.status).toBe(403);
		await context.close();
	});
});
