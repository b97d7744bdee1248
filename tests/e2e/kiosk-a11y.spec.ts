/**
 * axe-core on every screen of the kiosk player, in both of the demo's languages, on a tablet-sized
 * Chromium against the built server: welcome, consent, identify, code entry (with its error), new
 * code, an instrument's introduction, a single choice, a text, a number, a likert item with icons,
 * the idle warning and thank-you.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './helpers/browser';
import { answerInstrument, enrollTablet, nav, retryBusy, startKioskWorld, type KioskWorld } from './helpers/kiosk';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Long enough not to interrupt a screen being checked, short enough to wait for once. */
const IDLE_WARNING_SECONDS = 6;

let world: KioskWorld;
let browser: Browser;

beforeAll(async () => {
	world = await startKioskWorld();
	browser = await launchBrowser();
	// This spec's own server and database: the demo project's idle warning comes sooner.
	await retryBusy(() =>
		world.db.updateTable('projects').set({ idle_warning_seconds: IDLE_WARNING_SECONDS }).where('id', '=', world.projectId).execute()
	);
});

afterAll(async () => {
	await browser?.close();
	await world?.stop();
});

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

async function axeViolations(page: Page): Promise<Violation[]> {
	// Evaluated rather than added as a <script>: the page's CSP allows no inline scripts.
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
	return page.evaluate(async () => {
		const result = await (
			window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }
		).axe.run(document, { resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary }))
		}));
	});
}

const STRINGS = {
	'zh-Hans': {
		language: /简体中文/,
		agree: '我同意参加',
		haveCode: '参加过，我有编号卡',
		firstTime: '没有，我是第一次参加',
		confirm: '确定',
		keypad: '字母和数字',
		written: '我已经抄好了',
		thanks: '谢谢您！',
		idle: '您还在吗？',
		continue: '我还在，继续回答'
	},
	en: {
		language: /English/,
		agree: 'Yes, I agree to take part',
		haveCode: 'Yes, I have a code card',
		firstTime: 'No, this is my first time',
		confirm: 'OK',
		keypad: 'Letters and numbers',
		written: 'I have written it down',
		thanks: 'Thank you!',
		idle: 'Are you still there?',
		continue: 'I am still here — continue'
	}
} as const;

describe.each(Object.entries(STRINGS))('every kiosk screen in %s', (language, s) => {
	it('has no axe violations', { timeout: 90_000 }, async () => {
		const { page, context } = await enrollTablet(world, browser);
		const found: Record<string, Violation[]> = {};
		const check = async (screen: string) => {
			// Let the screen settle (focus moves to its heading after the render).
			await page.waitForTimeout(50);
			const violations = await axeViolations(page);
			if (violations.length > 0) found[screen] = violations;
		};

		await check('welcome');
		await page.getByRole('button', { name: s.language }).click();
		await check('consent');
		await page.getByRole('button', { name: s.agree }).click();
		await check('identify');
		await page.getByRole('button', { name: s.haveCode }).click();
		await check('code entry');
		const keypad = page.getByRole('group', { name: s.keypad });
		for (const c of 'ABC') await keypad.getByRole('button', { name: c, exact: true }).click();
		await page.getByRole('button', { name: s.confirm, exact: true }).click();
		await expect.poll(() => page.getByRole('alert').count()).toBe(1);
		await check('code entry with an error');
		await page.locator('.player-nav').getByRole('button').first().click();
		await page.getByRole('button', { name: s.firstTime }).click();
		await check('new code');
		await page.getByRole('button', { name: s.written }).click();
		await expect.poll(() => nav.start(page).count()).toBe(1);
		await check('instrument intro');

		const screens: Record<string, string> = {
			dem_gender: 'single choice',
			dem_eth_other: 'text',
			dem_hh_size: 'number',
			soc_1: 'likert with icons',
			part_types: 'multiple choice'
		};
		let idleChecked = false;
		const atItem = async (key: string) => {
			if (key === 'dem_eth') {
				await page.getByTestId('item-dem_eth').getByRole('radio').last().check();
				return true;
			}
			if (screens[key]) {
				if (key === 'dem_hh_size' || key === 'dem_eth_other')
					await expect.poll(() => page.getByTestId(`item-${key}`).getByRole('textbox').count()).toBe(1);
				await check(screens[key]);
			}
			if (key === 'dem_hh_size' && !idleChecked) {
				idleChecked = true;
				const warning = page.getByRole('alertdialog', { name: s.idle });
				await expect.poll(() => warning.count(), { timeout: (IDLE_WARNING_SECONDS + 5) * 1000 }).toBe(1);
				await check('idle warning');
				await page.getByRole('button', { name: s.continue }).click();
				await expect.poll(() => warning.count()).toBe(0);
			}
			return false;
		};
		for (let i = 0; i < 6; i++) await answerInstrument(page, atItem);
		await expect.poll(() => page.getByRole('heading', { name: s.thanks }).count()).toBe(1);
		await check('thank you');
		await context.close();

		for (const [screen, violations] of Object.entries(found)) {
			console.log(`axe, ${language}, ${screen}:`);
			for (const v of violations) {
				console.log(`  ${v.id} (${v.impact}): ${v.help}`);
				for (const n of v.nodes) console.log(`    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`);
			}
		}
		expect(Object.keys(found)).toEqual([]);
	});
});
