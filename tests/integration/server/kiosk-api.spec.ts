/**
 * The kiosk device API through its handlers, with real Request objects on a real SQLite file:
 * the offline bundle, consent refusals (a count, nothing personal) and reserved panel codes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import { createKiosk, enrollKiosk, revokeKiosk, type Kiosk } from '$lib/server/kiosks';
import { createWave, type Wave } from '$lib/server/waves';
import { handleBundleRequest, handlePanelCodesRequest, handleRefusalRequest, KIOSK_API_LIMITS } from '$lib/server/kiosk-api';
import { currentWave, type KioskBundle } from '$lib/server/kiosk-bundle';
import { CONSENT_TEXTS } from '$lib/server/consent';
import { countConsentRefusals } from '$lib/server/consent-refusals';
import { reservePanelCodes } from '$lib/server/panel-code-reservations';
import { findOrCreateRespondent } from '$lib/server/respondents';
import { createUser } from '$lib/server/users';
import { generatePanelCode, isValidPanelCode } from '$lib/panel-code';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';

let testDb: TestDb;
let db: Db;
let seeded: SeededProject;
let other: SeededProject;
let kiosk: Kiosk;
let token: string;
let followUp: Wave;
let adminId: string;

async function enrolledKiosk(project: SeededProject, siteId = project.projectSiteId): Promise<{ kiosk: Kiosk; token: string }> {
	const created = await createKiosk(db, { projectId: project.projectId, siteId, name: 'Centre tablet' });
	const enrolled = await enrollKiosk(db, created.enrollmentCode);
	if (!enrolled.ok) throw new Error(enrolled.error);
	return { kiosk: created.kiosk, token: enrolled.token };
}

function request(
	path: string,
	{ method = 'POST', body, auth = token }: { method?: string; body?: unknown; auth?: string | null } = {}
): Request {
	return new Request(`http://anju.test${path}`, {
		method,
		headers: {
			...(auth ? { authorization: `Bearer ${auth}` } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {})
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
}

const LOOSE = { refusals: { limit: 1_000_000, windowSeconds: 60 }, panelCodes: { limit: 1_000_000, windowSeconds: 60 } };

async function errorOf(response: Response) {
	expect(response.headers.get('cache-control')).toBe('no-store');
	return ((await response.json()) as { error: { code: string; message: string; path?: string } }).error;
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	const library = loadLibrary();
	seeded = await seedProject(db, library, 'kiosk-api');
	other = await seedProject(db, library, 'kiosk-api-other');
	({ kiosk, token } = await enrolledKiosk(seeded));
	adminId = (await createUser(db, { email: 'admin@example.org', name: 'Admin', password: 'correct horse battery', role: 'admin' })).id;
	// The seeded baseline has no dates (always open); this follow-up opens on 2026-09-01 and asks two instruments, in this order.
	followUp = await createWave(db, {
		projectId: seeded.projectId,
		name: 'Follow-up 1',
		kind: 'follow-up',
		order: 2,
		opensOn: '2026-09-01',
		closesOn: '2026-10-15',
		instrumentVersionIds: [seeded.versionIds['psychological-adaptation'] as string, seeded.versionIds['community-identity'] as string]
	});
});
afterAll(() => testDb.cleanup());

function wave(order: number, opensOn: string | null, closesOn: string | null): Wave {
	return { id: `w${order}`, projectId: 'p', name: `Wave ${order}`, kind: order === 1 ? 'baseline' : 'follow-up', order, opensOn, closesOn };
}

describe('currentWave', () => {
	const waves = [wave(2, '2025-09-01', '2025-10-15'), wave(1, '2025-03-01', '2025-04-15'), wave(3, '2026-03-01', '2026-04-15')];

	it('is the wave open today, opening and closing days included', () => {
		expect(currentWave(waves, '2025-03-01')?.id).toBe('w1');
		expect(currentWave(waves, '2025-10-15')?.id).toBe('w2');
		expect(currentWave(waves, '2026-04-01')?.id).toBe('w3');
	});

	it('is otherwise the last wave that has opened', () => {
		expect(currentWave(waves, '2025-06-30')?.id).toBe('w1');
		expect(currentWave(waves, '2027-01-01')?.id).toBe('w3');
	});

	it('is undefined before the first wave opens or when there are none', () => {
		expect(currentWave(waves, '2025-02-28')).toBeUndefined();
		expect(currentWave([], '2025-02-28')).toBeUndefined();
	});

	it('counts a wave without dates as open, and prefers the later of two open waves', () => {
		expect(currentWave([wave(1, null, null)], '2020-01-01')?.id).toBe('w1');
		expect(currentWave([wave(1, null, null), wave(2, '2026-01-01', null)], '2026-06-01')?.id).toBe('w2');
	});
});

describe('GET /api/kiosk/bundle', () => {
	it('gives the kiosk, project, current wave with its instruments in order, and consent text', async () => {
		const response = await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET' }), '2026-09-10');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const bundle = (await response.json()) as KioskBundle;
		expect(bundle.kiosk).toEqual({ id: kiosk.id, name: 'Centre tablet', siteId: seeded.projectSiteId, siteName: 'Project site' });
		expect(bundle.project).toEqual({
			slug: 'kiosk-api',
			name: 'Test project kiosk-api',
			languages: ['zh-Hans', 'en'],
			idleWarningSeconds: 90,
			idleResetSeconds: 30
		});
		expect(bundle.wave).toEqual({ id: followUp.id, name: 'Follow-up 1' });
		expect(bundle.instruments.map((i) => i.versionId)).toEqual([
			seeded.versionIds['psychological-adaptation'],
			seeded.versionIds['community-identity']
		]);
		expect(bundle.instruments.map((i) => i.instrument.key)).toEqual(['psychological-adaptation', 'community-identity']);
		expect(bundle.instruments[0]?.instrument.items.length).toBeGreaterThan(0);
		expect(bundle.consent).toEqual({ 'zh-Hans': CONSENT_TEXTS['zh-Hans'], en: CONSENT_TEXTS.en });
	});

	it('falls back to the undated baseline before the follow-up opens', async () => {
		const bundle = (await (
			await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET' }), '2026-05-01')
		).json()) as KioskBundle;
		expect(bundle.wave?.id).toBe(seeded.baselineWaveId);
		expect(bundle.instruments).toHaveLength(Object.keys(seeded.versionIds).length);
	});

	it('has no wave and no instruments in a project whose waves have not opened', async () => {
		const future = await seedProject(db, loadLibrary(), 'kiosk-api-future');
		await db.updateTable('waves').set({ opens_on: '2099-01-01' }).where('project_id', '=', future.projectId).execute();
		const device = await enrolledKiosk(future);
		const bundle = (await (
			await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET', auth: device.token }))
		).json()) as KioskBundle;
		expect(bundle.wave).toBeNull();
		expect(bundle.instruments).toEqual([]);
	});

	it('refuses a missing or unknown token (401) and a revoked kiosk (403, saying so)', async () => {
		expect((await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET', auth: null }))).status).toBe(401);
		const unknown = await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET', auth: 'A'.repeat(43) }));
		expect(unknown.status).toBe(401);
		expect((await errorOf(unknown)).code).toBe('unknown_device');
		const revoked = await enrolledKiosk(seeded);
		await revokeKiosk(db, revoked.kiosk.id, adminId);
		const response = await handleBundleRequest(db, request('/api/kiosk/bundle', { method: 'GET', auth: revoked.token }));
		expect(response.status).toBe(403);
		const error = await errorOf(response);
		expect(error.code).toBe('kiosk_revoked');
		expect(error.message).toMatch(/revoked/);
	});
});

describe('POST /api/kiosk/refusals', () => {
	it('counts a refusal at the kiosk’s site and current wave, without a body', async () => {
		const before = await countConsentRefusals(db, seeded.projectId);
		const response = await handleRefusalRequest(db, request('/api/kiosk/refusals'), LOOSE);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const receipt = await response.json();
		expect(receipt).toEqual({ id: expect.any(String), at: expect.any(String), replay: false });
		expect(await countConsentRefusals(db, seeded.projectId)).toBe(before + 1);
		const row = await db.selectFrom('consent_refusals').selectAll().where('id', '=', receipt.id).executeTakeFirstOrThrow();
		// Nothing about the resident: only where, when and which wave.
		expect(Object.keys(row).sort()).toEqual(['at', 'id', 'kiosk_id', 'project_id', 'site_id', 'wave_id']);
		expect(row).toMatchObject({ project_id: seeded.projectId, site_id: seeded.projectSiteId, kiosk_id: kiosk.id });
		expect(row.wave_id).not.toBeNull();
	});

	it('counts a refusal queued offline once however often it is sent, at the time it happened', async () => {
		const refusal = { id: randomUUID(), waveId: seeded.baselineWaveId, at: '2026-03-02T10:15:00+08:00' };
		const before = await countConsentRefusals(db, seeded.projectId, seeded.baselineWaveId);
		const receipts = [];
		for (let i = 0; i < 3; i++)
			receipts.push(await (await handleRefusalRequest(db, request('/api/kiosk/refusals', { body: refusal }), LOOSE)).json());
		expect(receipts.map((r) => r.replay)).toEqual([false, true, true]);
		expect(new Set(receipts.map((r) => r.at))).toEqual(new Set(['2026-03-02T02:15:00.000Z']));
		expect(await countConsentRefusals(db, seeded.projectId, seeded.baselineWaveId)).toBe(before + 1);
	});

	it('refuses personal data, a wave of another project, an unknown wave, a future time and bad JSON', async () => {
		const cases: [unknown, number, string | undefined][] = [
			[{ panelCode: 'K7M-4QX' }, 422, '(body)'],
			[{ name: 'Wang' }, 422, '(body)'],
			[{ waveId: other.baselineWaveId }, 403, 'waveId'],
			[{ waveId: randomUUID() }, 404, 'waveId'],
			[{ at: '2099-01-01T00:00:00Z' }, 422, 'at'],
			[{ id: 'not-a-uuid' }, 422, 'id'],
			['{"waveId":', 400, undefined]
		];
		const before = await countConsentRefusals(db, seeded.projectId);
		for (const [body, status, path] of cases) {
			const response = await handleRefusalRequest(db, request('/api/kiosk/refusals', { body }), LOOSE);
			expect(response.status, JSON.stringify(body)).toBe(status);
			expect((await errorOf(response)).path).toBe(path);
		}
		expect(await countConsentRefusals(db, seeded.projectId)).toBe(before);
	});

	it('is rate-limited per kiosk', async () => {
		const device = await enrolledKiosk(seeded);
		const limits = { ...KIOSK_API_LIMITS, refusals: { limit: 2, windowSeconds: 60 } };
		for (let i = 0; i < 2; i++)
			expect((await handleRefusalRequest(db, request('/api/kiosk/refusals', { auth: device.token }), limits)).status).toBe(200);
		const limited = await handleRefusalRequest(db, request('/api/kiosk/refusals', { auth: device.token }), limits);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
	});
});

describe('POST /api/kiosk/panel-codes', () => {
	it('reserves ten valid, distinct codes by default and fifty at most', async () => {
		const response = await handlePanelCodesRequest(db, request('/api/kiosk/panel-codes'), LOOSE);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const { codes } = (await response.json()) as { codes: string[] };
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) {
			expect(code).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
			expect(isValidPanelCode(code)).toBe(true);
		}
		const fifty = (await (await handlePanelCodesRequest(db, request('/api/kiosk/panel-codes', { body: { count: 50 } }), LOOSE)).json()) as {
			codes: string[];
		};
		expect(fifty.codes).toHaveLength(50);
	});

	it('never gives two kiosks the same code, even when they ask at once', async () => {
		const second = await enrolledKiosk(seeded, seeded.comparisonSiteId);
		const batches = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				handlePanelCodesRequest(
					db,
					request('/api/kiosk/panel-codes', { body: { count: 50 }, auth: i % 2 ? token : second.token }),
					LOOSE
				).then((r) => r.json() as Promise<{ codes: string[] }>)
			)
		);
		const all = batches.flatMap((b) => b.codes);
		expect(all).toHaveLength(500);
		expect(new Set(all).size).toBe(500);
		const reserved = await db
			.selectFrom('panel_code_reservations')
			.select(['panel_code', 'kiosk_id'])
			.where('panel_code', 'in', all)
			.execute();
		expect(reserved).toHaveLength(500);
		expect(new Set(reserved.map((r) => r.kiosk_id))).toEqual(new Set([kiosk.id, second.kiosk.id]));
	});

	it('skips codes already reserved or already used by a respondent', async () => {
		// Two generators with the same seed draw the same codes: the second call must move past them.
		const seededRandom = () => {
			let state = 42;
			return () => {
				state = (state * 1103515245 + 12345) % 2 ** 31;
				return state / 2 ** 31;
			};
		};
		const preview = seededRandom();
		const firstCode = generatePanelCode(preview);
		await findOrCreateRespondent(db, other.projectId, firstCode);
		const first = await reservePanelCodes(db, { projectId: other.projectId, kioskId: null }, 3, seededRandom());
		expect(first).not.toContain(firstCode);
		const second = await reservePanelCodes(db, { projectId: other.projectId, kioskId: null }, 3, seededRandom());
		expect(second.filter((c) => first.includes(c))).toEqual([]);
	});

	it('refuses a count outside 1…50 and unknown fields (422), and a revoked kiosk (403)', async () => {
		for (const body of [{ count: 0 }, { count: 51 }, { count: 2.5 }, { count: '10' }, { codes: 3 }]) {
			const response = await handlePanelCodesRequest(db, request('/api/kiosk/panel-codes', { body }), LOOSE);
			expect(response.status, JSON.stringify(body)).toBe(422);
		}
		const revoked = await enrolledKiosk(seeded);
		await revokeKiosk(db, revoked.kiosk.id, adminId);
		const response = await handlePanelCodesRequest(db, request('/api/kiosk/panel-codes', { auth: revoked.token }), LOOSE);
		expect(response.status).toBe(403);
		expect((await errorOf(response)).code).toBe('kiosk_revoked');
	});

	it('is rate-limited per kiosk at the default of 10 requests a minute', async () => {
		const device = await enrolledKiosk(seeded);
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++)
			statuses.push(
				(await handlePanelCodesRequest(db, request('/api/kiosk/panel-codes', { body: { count: 1 }, auth: device.token }))).status
			);
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
		expect(statuses[10]).toBe(429);
	});
});
