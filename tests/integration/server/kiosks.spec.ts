import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import { enrollmentUrl, reissueKioskCode, saveNewKiosk } from '$lib/server/kiosk-forms';
import {
	authenticateKiosk,
	createKiosk,
	enrollKiosk,
	findKioskByToken,
	listKioskSummaries,
	normalizeEnrollmentCode,
	reissueEnrollmentCode,
	revokeKiosk,
	sha256
} from '$lib/server/kiosks';
import { SubmissionError } from '$lib/server/responses';
import { POST as enrollEndpoint } from '../../../src/routes/api/kiosk/enroll/+server';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { createCoordinator, submitIdentityResponse } from '../../helpers/submissions';

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
let seeded: SeededProject;
let other: SeededProject;
let userId: string;

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
	seeded = await seedProject(db, library, 'kiosks');
	other = await seedProject(db, library, 'kiosks-other');
	userId = (await createCoordinator(db)).id;
});
afterAll(() => testDb.cleanup());

const newKiosk = (name = 'Activity room tablet', siteId = seeded.projectSiteId) =>
	createKiosk(db, { projectId: seeded.projectId, siteId, name }, { userId });

async function kioskRow(id: string) {
	return db.selectFrom('kiosks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function enrolled(name?: string) {
	const created = await newKiosk(name);
	const result = await enrollKiosk(db, created.enrollmentCode);
	if (!result.ok) throw new Error(result.error);
	return { ...created, token: result.token };
}

/** Every text stored in the tables that could leak a secret. */
async function storedText(): Promise<string> {
	const kiosks = await db.selectFrom('kiosks').selectAll().execute();
	const audit = await db.selectFrom('audit_log').selectAll().execute();
	return JSON.stringify([kiosks, audit]);
}

describe('normalizeEnrollmentCode', () => {
	it.each(['ABCD-EFGH', 'abcd-efgh', ' abcd efgh ', 'ABCDEFGH', 'ab-cd-ef-gh', 'AbCd_EfGh'])('reads %j as ABCD-EFGH', (typed) => {
		expect(normalizeEnrollmentCode(typed)).toBe('ABCD-EFGH');
	});
	it.each(['', 'ABCD-EFG', 'ABCD-EFGHJ', 'ABCD-EFG0', 'ABCD-EFGI', 'ABCD.EFGH'])('refuses %j', (typed) => {
		expect(normalizeEnrollmentCode(typed)).toBeUndefined();
	});
});

describe('createKiosk', () => {
	it('issues a short typeable code, stores only its hash and audits the creation', async () => {
		const created = await newKiosk();
		expect(created.enrollmentCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
		const row = await kioskRow(created.kiosk.id);
		expect(row.enrollment_code_hash).toBe(sha256(created.enrollmentCode));
		expect(row.token_hash).toBeNull();
		expect(await storedText()).not.toContain(created.enrollmentCode);
		const hours = (Date.parse(created.expiresAt) - Date.now()) / 3600_000;
		expect(hours).toBeGreaterThan(71.9);
		expect(hours).toBeLessThanOrEqual(72);
		const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', created.kiosk.id).execute();
		expect(audit).toMatchObject([{ action: 'kiosk.create', actor_user_id: userId }]);
	});
});

describe('enrollKiosk', () => {
	it('exchanges a code typed loosely for a ≥128-bit token, stores only hashes, and audits as the kiosk', async () => {
		const created = await newKiosk('Tablet 1');
		const typed = ` ${created.enrollmentCode.toLowerCase().replace('-', ' ')} `;
		const result = await enrollKiosk(db, typed);
		expect(result).toEqual({
			ok: true,
			token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			kiosk: { id: created.kiosk.id, projectSlug: 'kiosks', siteId: seeded.projectSiteId, siteName: 'Project site', name: 'Tablet 1' }
		});
		if (!result.ok) return;
		expect(Buffer.from(result.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
		const row = await kioskRow(created.kiosk.id);
		expect(row).toMatchObject({ token_hash: sha256(result.token), enrollment_code_hash: null, enrollment_expires_at: null });
		expect(row.enrolled_at).not.toBeNull();
		const text = await storedText();
		expect(text).not.toContain(result.token);
		expect(text).not.toContain(created.enrollmentCode);
		const audit = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'kiosk.enroll')
			.where('entity_id', '=', created.kiosk.id)
			.execute();
		expect(audit).toMatchObject([{ actor_label: `kiosk:${created.kiosk.id}`, actor_user_id: null, project_id: seeded.projectId }]);
	});

	it('works once: the same code a second time is unknown', async () => {
		const created = await newKiosk();
		expect((await enrollKiosk(db, created.enrollmentCode)).ok).toBe(true);
		expect(await enrollKiosk(db, created.enrollmentCode)).toEqual({ ok: false, error: 'unknown_code' });
	});

	it('two devices racing with one code: exactly one gets a token', async () => {
		const created = await newKiosk();
		const results = await Promise.all([enrollKiosk(db, created.enrollmentCode), enrollKiosk(db, created.enrollmentCode)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('refuses a wrong code, a malformed code and an expired code', async () => {
		expect(await enrollKiosk(db, 'ZZZZ-ZZZZ')).toEqual({ ok: false, error: 'unknown_code' });
		expect(await enrollKiosk(db, 'hello')).toEqual({ ok: false, error: 'invalid_code' });
		const created = await newKiosk();
		await db
			.updateTable('kiosks')
			.set({ enrollment_expires_at: new Date(Date.now() - 1000).toISOString() })
			.where('id', '=', created.kiosk.id)
			.execute();
		expect(await enrollKiosk(db, created.enrollmentCode)).toEqual({ ok: false, error: 'expired_code' });
		expect((await kioskRow(created.kiosk.id)).token_hash).toBeNull();
	});
});

describe('authenticateKiosk', () => {
	it('finds the kiosk of a token and nothing for an unknown or malformed token', async () => {
		const { kiosk, token } = await enrolled();
		expect(await authenticateKiosk(db, token)).toMatchObject({
			id: kiosk.id,
			projectId: seeded.projectId,
			siteId: seeded.projectSiteId,
			revoked: false
		});
		expect(await authenticateKiosk(db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
		expect(await authenticateKiosk(db, '')).toBeUndefined();
		expect(await authenticateKiosk(db, 'x'.repeat(10_000))).toBeUndefined();
	});

	it('records last seen at most once a minute', async () => {
		const { kiosk, token } = await enrolled();
		const old = new Date(Date.now() - 5 * 60_000).toISOString();
		await db.updateTable('kiosks').set({ last_seen_at: old }).where('id', '=', kiosk.id).execute();
		const seen = await authenticateKiosk(db, token);
		expect(seen!.lastSeenAt! > old).toBe(true);
		const stored = (await kioskRow(kiosk.id)).last_seen_at;
		expect(stored).toBe(seen!.lastSeenAt);
		await authenticateKiosk(db, token);
		expect((await kioskRow(kiosk.id)).last_seen_at).toBe(stored);
	});
});

describe('revokeKiosk', () => {
	it('takes effect on the very next request and is audited', async () => {
		const { kiosk, token } = await enrolled();
		expect(await authenticateKiosk(db, token)).toBeDefined();
		expect(await revokeKiosk(db, kiosk.id, userId)).toMatchObject({ id: kiosk.id, revoked: true });
		expect(await authenticateKiosk(db, token)).toBeUndefined();
		// The device can still be told why: its token is known, and revoked.
		expect(await findKioskByToken(db, token)).toMatchObject({ id: kiosk.id, revoked: true });
		const audit = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'kiosk.revoke')
			.where('entity_id', '=', kiosk.id)
			.execute();
		expect(audit).toMatchObject([{ actor_user_id: userId, project_id: seeded.projectId }]);
	});

	it('voids a pending code', async () => {
		const created = await newKiosk();
		await revokeKiosk(db, created.kiosk.id, userId);
		expect((await enrollKiosk(db, created.enrollmentCode)).ok).toBe(false);
	});

	it('refuses submissions from a revoked kiosk', async () => {
		const { kiosk } = await enrolled();
		await submitIdentityResponse(db, seeded, { kioskId: kiosk.id });
		await revokeKiosk(db, kiosk.id, userId);
		await expect(submitIdentityResponse(db, seeded, { kioskId: kiosk.id })).rejects.toBeInstanceOf(SubmissionError);
	});

	it('does not touch a kiosk of another project when scoped', async () => {
		const foreign = await createKiosk(db, { projectId: other.projectId, siteId: other.projectSiteId, name: 'Foreign' });
		expect(await revokeKiosk(db, foreign.kiosk.id, userId, { projectId: seeded.projectId })).toBeUndefined();
		expect((await kioskRow(foreign.kiosk.id)).revoked_at).toBeNull();
	});
});

describe('reissueEnrollmentCode', () => {
	it('refuses an enrolled, active kiosk', async () => {
		const { kiosk } = await enrolled();
		expect(await reissueEnrollmentCode(db, seeded.projectId, kiosk.id, { userId })).toEqual({ ok: false, error: 'active' });
		expect(await reissueEnrollmentCode(db, other.projectId, kiosk.id, { userId })).toEqual({ ok: false, error: 'not_found' });
	});

	it('gives a revoked kiosk a new code; the old token stays dead and the old code unknown', async () => {
		const created = await newKiosk();
		const first = await enrollKiosk(db, created.enrollmentCode);
		if (!first.ok) throw new Error('setup');
		await revokeKiosk(db, created.kiosk.id, userId);
		const reissued = await reissueEnrollmentCode(db, seeded.projectId, created.kiosk.id, { userId });
		if (!reissued.ok) throw new Error(reissued.error);
		expect(reissued.created.enrollmentCode).not.toBe(created.enrollmentCode);
		expect(await findKioskByToken(db, first.token)).toBeUndefined();
		const second = await enrollKiosk(db, reissued.created.enrollmentCode);
		expect(second.ok).toBe(true);
		if (second.ok) expect(await authenticateKiosk(db, second.token)).toMatchObject({ id: created.kiosk.id });
		expect(await authenticateKiosk(db, first.token)).toBeUndefined();
	});
});

describe('listKioskSummaries', () => {
	it('shows site, status and responses received per kiosk', async () => {
		const fresh = await createTestDb();
		try {
			const project = await seedProject(fresh.db, library, 'summaries');
			const make = (name: string) => createKiosk(fresh.db, { projectId: project.projectId, siteId: project.comparisonSiteId, name });
			const active = await make('Active');
			const pending = await make('Pending');
			const revoked = await make('Revoked');
			const expired = await make('Expired');
			await enrollKiosk(fresh.db, active.enrollmentCode);
			await revokeKiosk(fresh.db, revoked.kiosk.id, (await createCoordinator(fresh.db)).id);
			await fresh.db
				.updateTable('kiosks')
				.set({ enrollment_expires_at: '2000-01-01T00:00:00.000Z' })
				.where('id', '=', expired.kiosk.id)
				.execute();
			for (let i = 0; i < 3; i++) {
				await submitIdentityResponse(fresh.db, project, { siteId: project.comparisonSiteId, kioskId: active.kiosk.id });
			}
			await submitIdentityResponse(fresh.db, project, { mode: 'interviewer' });
			const summaries = await listKioskSummaries(fresh.db, project.projectId);
			expect(summaries.map((k) => [k.name, k.siteName, k.status, k.responses])).toEqual([
				['Active', 'Comparison site', 'active', 3],
				['Pending', 'Comparison site', 'pending', 0],
				['Revoked', 'Comparison site', 'revoked', 0],
				['Expired', 'Comparison site', 'expired', 0]
			]);
			expect(summaries[0]!.lastSeenAt).not.toBeNull();
			expect(summaries[1]!.enrollmentExpiresAt).not.toBeNull();
			expect(pending.kiosk.enrolled).toBe(false);
		} finally {
			await fresh.cleanup();
		}
	});
});

describe('the kiosk form', () => {
	it('checks the site and the name', async () => {
		expect(await saveNewKiosk(db, seeded.projectId, { siteId: '', name: ' ' }, 'https://anju.example', { userId })).toEqual({
			ok: false,
			errors: { siteId: 'required', name: 'required' }
		});
		expect(
			await saveNewKiosk(db, seeded.projectId, { siteId: other.projectSiteId, name: 'x'.repeat(81) }, 'https://anju.example', { userId })
		).toEqual({
			ok: false,
			errors: { siteId: 'invalid', name: 'too_long' }
		});
	});

	it('creates the kiosk and a slip with the code, the enrollment URL and its QR code as SVG', async () => {
		const result = await saveNewKiosk(
			db,
			seeded.projectId,
			{ siteId: seeded.projectSiteId, name: ' Lobby  tablet ' },
			'https://anju.example',
			{
				userId
			}
		);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const { slip } = result;
		expect(slip).toMatchObject({ kioskName: 'Lobby tablet', siteName: 'Project site' });
		expect(slip.url).toBe(`https://anju.example/kiosk?code=${slip.code}`);
		expect(slip.url).toBe(enrollmentUrl('https://anju.example', slip.code));
		expect(slip.qrSvg.trimStart()).toMatch(/^<svg[\s>]/);
		expect(slip.qrSvg).not.toMatch(/<script|on\w+=/i);
		expect((await enrollKiosk(db, slip.code)).ok).toBe(true);
	});

	it('re-issues a code for a kiosk that never enrolled', async () => {
		const created = await newKiosk();
		const result = await reissueKioskCode(db, seeded.projectId, created.kiosk.id, 'https://anju.example', { userId });
		if (!result.ok) throw new Error(result.error);
		expect(await enrollKiosk(db, created.enrollmentCode)).toEqual({ ok: false, error: 'unknown_code' });
		expect((await enrollKiosk(db, result.slip.code)).ok).toBe(true);
	});
});

describe('POST /api/kiosk/enroll', () => {
	async function post(body: string, headers: Record<string, string> = {}) {
		const request = new Request('http://localhost/api/kiosk/enroll', {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json', ...headers }
		});
		// The handler reads only the request, the client's address and the database.
		const response = await enrollEndpoint({ request, locals: { db }, getClientAddress: () => '192.0.2.1' } as unknown as Parameters<
			typeof enrollEndpoint
		>[0]);
		return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
	}

	it('answers a valid code with the token and the kiosk', async () => {
		const created = await newKiosk('API tablet');
		const { status, body, cache } = await post(JSON.stringify({ code: created.enrollmentCode.toLowerCase() }));
		expect(status).toBe(200);
		expect(cache).toBe('no-store');
		expect(body).toEqual({
			token: expect.any(String),
			kiosk: { id: created.kiosk.id, projectSlug: 'kiosks', siteId: seeded.projectSiteId, siteName: 'Project site', name: 'API tablet' }
		});
		expect(await authenticateKiosk(db, body.token)).toMatchObject({ id: created.kiosk.id });
		const again = await post(JSON.stringify({ code: created.enrollmentCode }));
		expect(again).toMatchObject({ status: 404, body: { error: { code: 'unknown_code', message: expect.any(String) } } });
	});

	it.each([
		['malformed JSON', '{"code": ', 400, 'invalid_json'],
		['no code', '{}', 400, 'invalid_code'],
		['a number', '{"code": 12345678}', 400, 'invalid_code'],
		['null', 'null', 400, 'invalid_code'],
		['a malformed code', '{"code": "abc"}', 400, 'invalid_code'],
		['an unknown code', '{"code": "ZZZZ-ZZZZ"}', 404, 'unknown_code'],
		['a huge body', JSON.stringify({ code: 'x'.repeat(5000) }), 413, 'too_large']
	])('answers %s with %i %s', async (_, body, status, code) => {
		expect(await post(body)).toMatchObject({ status, body: { error: { code, message: expect.any(String) } } });
	});

	it('answers an expired code with 400 expired_code', async () => {
		const created = await newKiosk();
		await db.updateTable('kiosks').set({ enrollment_expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', created.kiosk.id).execute();
		expect(await post(JSON.stringify({ code: created.enrollmentCode }))).toMatchObject({
			status: 400,
			body: { error: { code: 'expired_code' } }
		});
	});
});
