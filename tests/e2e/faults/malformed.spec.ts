/**
 * The malformed-input corpus (tests/fixtures/malformed/corpus.ts) against the built server over
 * HTTP: each request gets the 4xx JSON error it should — naming the field, item or limit at fault —
 * never a 500, stores nothing, and the server takes a valid submission right after. Then the Big
 * List of Naughty Strings as free-text answers: what is accepted is stored byte for byte, comes
 * back byte for byte in the long CSV export, and is shown on the staff response page escaped (also
 * in Chromium: no script runs, the text reads back exactly); what is refused is refused with a
 * message naming the item.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import type { Answers } from '$lib/instruments/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProject, loadLibrary } from '../../helpers/db';
import { MALFORMED_CORPUS, type CorpusMakers, type CorpusRequest } from '../../fixtures/malformed/corpus';
import { launchBrowser } from '../helpers/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, retryBusy } from '../helpers/kiosk';
import { loginCookie } from '../helpers/login';
import { post, type HttpReply } from './http';
import {
	enrollDevicePool,
	identitySubmission,
	participationSubmission,
	startFaultWorld,
	storedCounts,
	submissionFor,
	textSubmission,
	type DevicePool,
	type FaultWorld
} from './world';

let world: FaultWorld;
let pool: DevicePool;
let makers: CorpusMakers;

beforeAll(async () => {
	world = await startFaultWorld();
	// ~100 corpus requests and ~460 naughty strings, each followed by a valid submission: kiosks in turn.
	pool = await enrollDevicePool(world, 12);
	const other = await retryBusy(() => seedProject(world.db, loadLibrary(), 'other-project'));
	makers = {
		identity: (overrides) => identitySubmission(world, overrides),
		demographics: (answers, overrides) => submissionFor(world, 'demographics', answers as Answers, overrides),
		participation: (overrides) => participationSubmission(world, overrides),
		otherProjectWaveId: other.baselineWaveId
	};
});

afterAll(async () => {
	await world?.stop();
});

/** Sends a request as the next kiosk of the pool (one over its rate limit is replaced). */
async function send(request: CorpusRequest): Promise<HttpReply> {
	for (;;) {
		const device = pool.next();
		const headers: Record<string, string> = {};
		const given = { 'content-type': 'application/json', authorization: `Bearer ${device.token}`, origin: world.url, ...request.headers };
		for (const [name, value] of Object.entries(given)) if (value !== null) headers[name] = value;
		const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
		const reply = await post(`${world.url}/api/v1/submissions`, { headers, body, chunks: request.chunks });
		if (reply.status !== 429) return reply;
		await pool.replace(device);
	}
}

interface ApiError {
	code: string;
	message: string;
	path?: string;
}

function apiErrorOf(reply: HttpReply): ApiError {
	expect(reply.headers['content-type']).toMatch(/^application\/json/);
	expect(reply.headers['cache-control']).toBe('no-store');
	return (reply.json() as { error: ApiError }).error;
}

function expectMentions(message: string, mentions: (string | RegExp)[]): void {
	for (const m of mentions) {
		if (typeof m === 'string') expect(message.toLowerCase(), message).toContain(m.toLowerCase());
		else expect(message).toMatch(m);
	}
}

async function expectStillServing(): Promise<void> {
	const valid = identitySubmission(world);
	const reply = await send({ json: valid });
	expect(reply.status, reply.text).toBe(200);
	expect(reply.json()).toMatchObject({ id: valid.id, replay: false });
}

describe('the malformed-input corpus over HTTP', () => {
	it.each(MALFORMED_CORPUS)('refuses $name: $status $code, naming what is wrong and storing nothing', async (c) => {
		const before = await storedCounts(world.db);
		const reply = await send(c.request(makers));
		expect(reply.status, reply.text.slice(0, 500)).toBe(c.status);
		const error = apiErrorOf(reply);
		expect(error.code).toBe(c.code);
		if (c.path !== undefined) expect(error.path).toBe(c.path);
		expectMentions(error.message, c.mentions);
		expect(await storedCounts(world.db)).toEqual(before);
		await expectStillServing();
	});
});

const NAUGHTY: string[] = JSON.parse(readFileSync('node_modules/big-list-of-naughty-strings/blns.json', 'utf8'));
const MAX_TEXT = 100; // dem_eth_other's maxLength in instruments/demographics.yaml

/** What the server must say to a naughty string as the answer to dem_eth_other: accept it, or why not. */
function expectedRefusal(text: string): { code: string; hint: string } | undefined {
	if (text.includes('\u0000')) return { code: 'invalid_text', hint: 'NUL' };
	const controls = [...text].filter((c) => c < ' ' && !'\t\n\r'.includes(c));
	if (controls.length > 0) return { code: 'invalid_text', hint: 'control character' };
	if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text))
		return { code: 'invalid_text', hint: 'surrogate' };
	if (text.trim() === '') return { code: 'invalid', hint: 'blank' };
	if ([...text].length > MAX_TEXT) return { code: 'invalid', hint: `at most ${MAX_TEXT} characters` };
	return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeHtml(html: string): string {
	return html.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
		if (name[0] === '#')
			return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
		return ENTITIES[name] ?? entity;
	});
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
	return results;
}

describe('the Big List of Naughty Strings as free-text answers', () => {
	const accepted = new Map<string, string>(); // response id → text

	it('stores every acceptable string byte for byte and refuses the others naming the item', async () => {
		const before = await storedCounts(world.db);
		const outcomes = await inBatches(NAUGHTY, 4, async (text) => {
			const body = textSubmission(world, text);
			return { text, id: body.id, reply: await send({ json: body }) };
		});
		for (const { text, id, reply } of outcomes) {
			const refusal = expectedRefusal(text);
			if (!refusal) {
				expect(reply.status, `${JSON.stringify(text)}: ${reply.text}`).toBe(200);
				accepted.set(id, text);
				continue;
			}
			expect(reply.status, JSON.stringify(text)).toBe(422);
			const error = apiErrorOf(reply);
			expect(error).toMatchObject({ code: refusal.code, path: 'answers.dem_eth_other' });
			expectMentions(error.message, [refusal.hint]);
		}
		expect(accepted.size).toBeGreaterThan(400);
		expect((await storedCounts(world.db)).responses - before.responses).toBe(accepted.size);
		const rows = await world.db
			.selectFrom('answers')
			.select(['response_id', 'value_text'])
			.where('item_key', '=', 'dem_eth_other')
			.where('response_id', 'in', [...accepted.keys()])
			.execute();
		expect(rows).toHaveLength(accepted.size);
		for (const row of rows) expect(Buffer.from(row.value_text ?? '').equals(Buffer.from(accepted.get(row.response_id)!))).toBe(true);
		await expectStillServing();
	});

	it('shows each accepted string escaped on the staff response page, reading back exactly', async () => {
		expect(accepted.size).toBeGreaterThan(0);
		const cookie = await loginCookie(world.url, ADMIN_EMAIL, ADMIN_PASSWORD);
		await inBatches([...accepted], 4, async ([id, text]) => {
			const response = await fetch(`${world.url}/projects/${world.slug}/responses/${id}`, { headers: { cookie } });
			expect(response.status).toBe(200);
			const html = await response.text();
			// The answer is isolated in <bdi> (a right-to-left override must not reorder the line): read what is inside.
			const shown = /id="item-dem_eth_other"[\s\S]*?<strong[^>]*><bdi>([\s\S]*?)<\/bdi><\/strong>/.exec(html)?.[1];
			expect(shown, JSON.stringify(text)).toBeDefined();
			expect(shown).not.toMatch(/</);
			expect(unescapeHtml(shown!), JSON.stringify(text)).toBe(text);
			// Markup in the answer never appears as markup anywhere in the page (nor in its hydration data).
			if (/<[a-z!/?]/i.test(text)) expect(html.includes(text), JSON.stringify(text)).toBe(false);
		});
	});

	it('gives each accepted string back byte for byte in the long CSV export', async () => {
		expect(accepted.size).toBeGreaterThan(0);
		const cookie = await loginCookie(world.url, ADMIN_EMAIL, ADMIN_PASSWORD);
		const response = await fetch(`${world.url}/api/v1/projects/${world.slug}/exports/long.csv?key=naughty-strings-key`, {
			headers: { cookie }
		});
		expect(response.status, await response.clone().text()).toBe(200);
		const rows = parse(Buffer.from(await response.arrayBuffer()), { columns: true, bom: true }) as Record<string, string>[];
		const exported = new Map(
			rows.filter((r) => r.item === 'dem_eth_other' && accepted.has(r.response_id!)).map((r) => [r.response_id, r.value])
		);
		expect(exported.size).toBe(accepted.size);
		for (const [id, text] of accepted) expect(exported.get(id), JSON.stringify(text)).toBe(text);
	});

	describe('in Chromium', () => {
		let browser: Browser;
		beforeAll(async () => {
			browser = await launchBrowser();
		});
		afterAll(async () => {
			await browser?.close();
		});

		it('runs none of the script-like strings and renders each as its exact text', async () => {
			const scripts = [...accepted].filter(([, text]) => /<script|on\w+\s*=|javascript:|<svg|<iframe|<img|<body/i.test(text)).slice(0, 40);
			expect(scripts.length).toBeGreaterThan(20);
			const context = await browser.newContext();
			const [name, value] = (await loginCookie(world.url, ADMIN_EMAIL, ADMIN_PASSWORD)).split('=') as [string, string];
			await context.addCookies([{ name, value, url: world.url }]);
			const page = await context.newPage();
			const dialogs: string[] = [];
			page.on('dialog', (dialog) => {
				dialogs.push(dialog.message());
				void dialog.dismiss();
			});
			for (const [id, text] of scripts) {
				await page.goto(`${world.url}/projects/${world.slug}/responses/${id}`, { waitUntil: 'load' });
				expect(await page.locator('#item-dem_eth_other .value strong').textContent()).toBe(text);
			}
			expect(dialogs).toEqual([]);
			await context.close();
		});
	});
});
