import { describe, expect, it } from 'vitest';
import {
	decodeCursor,
	DEFAULT_LIMIT,
	encodeCursor,
	parseResponseQuery,
	SETTLE_MS,
	type ResponseCursor
} from '$lib/server/api/response-query';
import { keyFingerprint } from '$lib/server/exports/pseudonym';

const KEY = 'my-analysis-key-2026';
const cursor: ResponseCursor = {
	asOf: '2026-03-01T10:00:00.000Z',
	filter: { waveId: 'w1', siteId: null, updatedSince: '2026-02-01T00:00:00.000Z' },
	keyFingerprint: keyFingerprint(KEY),
	after: { receivedAt: '2026-02-03T04:05:06.789Z', id: '0b5c1b9e-3d4c-4f7e-9a59-000000000001' }
};

describe('the responses cursor', () => {
	it('round-trips and is URL-safe', () => {
		const text = encodeCursor(cursor);
		expect(text).toMatch(/^[\w-]+$/);
		expect(decodeCursor(text)).toEqual(cursor);
	});

	it('refuses anything the server did not make', () => {
		const text = encodeCursor(cursor);
		for (const bad of ['', 'x', text.slice(0, -4), Buffer.from('[]').toString('base64url'), Buffer.from('{"v":1}').toString('base64url')]) {
			expect(decodeCursor(bad), bad).toBeUndefined();
		}
		const tampered = JSON.parse(Buffer.from(text, 'base64url').toString());
		expect(decodeCursor(Buffer.from(JSON.stringify({ ...tampered, r: 'tuesday' })).toString('base64url'))).toBeUndefined();
		expect(decodeCursor(Buffer.from(JSON.stringify({ ...tampered, extra: 1 })).toString('base64url'))).toBeUndefined();
	});
});

describe('parseResponseQuery', () => {
	it('starts a listing a few seconds behind the clock, with defaults', () => {
		const now = new Date('2026-03-01T10:00:00.000Z');
		expect(parseResponseQuery(new URLSearchParams({ key: KEY }), now)).toEqual({
			ok: true,
			query: {
				asOf: new Date(now.getTime() - SETTLE_MS).toISOString(),
				filter: { waveId: null, siteId: null, updatedSince: null },
				after: null,
				limit: DEFAULT_LIMIT,
				key: KEY,
				panelCodes: false
			}
		});
	});

	it('normalises updated_since to UTC', () => {
		const parsed = parseResponseQuery(new URLSearchParams({ key: KEY, updated_since: '2026-03-01T18:00:00+08:00' }));
		expect(parsed.ok && parsed.query.filter.updatedSince).toBe('2026-03-01T10:00:00.000Z');
	});

	it('continues a listing from its cursor: same snapshot and filters, whatever the clock says now', () => {
		const parsed = parseResponseQuery(
			new URLSearchParams({ key: KEY, cursor: encodeCursor(cursor), limit: '7' }),
			new Date('2030-01-01T00:00:00Z')
		);
		expect(parsed).toEqual({
			ok: true,
			query: { asOf: cursor.asOf, filter: cursor.filter, after: cursor.after, limit: 7, key: KEY, panelCodes: false }
		});
	});

	it('refuses a cursor with another key than the one it was made with', () => {
		const parsed = parseResponseQuery(new URLSearchParams({ key: 'another-key-of-16-chars', cursor: encodeCursor(cursor) }));
		expect(parsed).toMatchObject({ ok: false, problem: { code: 'invalid_cursor', path: 'key' } });
	});

	it('needs a pseudonym key like the exports', () => {
		expect(parseResponseQuery(new URLSearchParams())).toMatchObject({
			ok: false,
			problem: { status: 400, code: 'key_required', path: 'key' }
		});
		expect(parseResponseQuery(new URLSearchParams({ key: 'short' }))).toMatchObject({
			ok: false,
			problem: { code: 'invalid_parameter', path: 'key' }
		});
	});
});
