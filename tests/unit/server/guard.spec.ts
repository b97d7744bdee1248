import { describe, expect, it } from 'vitest';
import { decide, isCrossOrigin, isWrite, ROUTE_RULES, ruleFor, type Level } from '$lib/server/guard';
import type { Role } from '$lib/server/db/schema';

const rule = (read: Level, write: Level = read) => ({ read, write });
const admin = { role: 'admin' as Role };
const coordinator = { role: 'coordinator' as Role };
const evaluator = { role: 'evaluator' as Role };

describe('decide', () => {
	it('lets anyone read or write a public route', () => {
		expect(decide(rule('public'), 'GET', undefined, undefined)).toBe('allow');
		expect(decide(rule('public'), 'POST', undefined, undefined)).toBe('allow');
	});

	it('sends the anonymous to log in for anything else', () => {
		for (const level of ['staff', 'member', 'coordinator', 'admin'] as const) {
			expect(decide(rule(level), 'GET', undefined, undefined)).toBe('login');
			expect(decide(rule(level), 'POST', undefined, undefined)).toBe('login');
		}
	});

	it('refuses a route without a rule, even to admins (fail closed)', () => {
		expect(decide(undefined, 'GET', admin, 'admin')).toBe('forbidden');
		expect(ruleFor('/no/such/route')).toBeUndefined();
		expect(ruleFor(null)).toBeUndefined();
	});

	it('lets admins do everything that has a rule', () => {
		for (const level of ['staff', 'member', 'coordinator', 'admin'] as const) {
			expect(decide(rule(level), 'POST', admin, undefined)).toBe('allow');
		}
	});

	it('lets members of the project read member routes, and nobody else', () => {
		const r = rule('member', 'coordinator');
		expect(decide(r, 'GET', evaluator, 'evaluator')).toBe('allow');
		expect(decide(r, 'GET', coordinator, 'coordinator')).toBe('allow');
		expect(decide(r, 'GET', coordinator, undefined)).toBe('forbidden');
		expect(decide(r, 'GET', evaluator, undefined)).toBe('forbidden');
	});

	it('never lets an evaluator change anything a coordinator may change', () => {
		const r = rule('member', 'coordinator');
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			expect(decide(r, method, evaluator, 'evaluator')).toBe('forbidden');
			expect(decide(r, method, coordinator, 'coordinator')).toBe('allow');
		}
	});

	it("refuses a coordinator another project's data", () => {
		expect(decide(rule('coordinator'), 'GET', coordinator, undefined)).toBe('forbidden');
		expect(decide(rule('coordinator'), 'POST', coordinator, undefined)).toBe('forbidden');
	});

	it('keeps admin routes for admins', () => {
		expect(decide(rule('admin'), 'GET', coordinator, 'coordinator')).toBe('forbidden');
		expect(decide(rule('admin'), 'GET', evaluator, 'evaluator')).toBe('forbidden');
	});

	it('treats GET, HEAD and OPTIONS as reads and everything else as writes', () => {
		expect(['GET', 'head', 'OPTIONS'].map(isWrite)).toEqual([false, false, false]);
		expect(['POST', 'PUT', 'patch', 'DELETE'].map(isWrite)).toEqual([true, true, true, true]);
	});
});

describe('ROUTE_RULES', () => {
	it('has no project route whose write level is weaker than its read level for evaluators', () => {
		for (const [route, r] of Object.entries(ROUTE_RULES)) {
			if (route.startsWith('/projects/[slug]')) expect(['coordinator', 'admin']).toContain(r.write);
		}
	});
});

describe('isCrossOrigin', () => {
	const origin = 'http://anju.local:3000';
	const headers = (h: Record<string, string>) => new Headers(h);

	it('ignores reads', () => {
		expect(isCrossOrigin('GET', origin, headers({ origin: 'https://evil.example' }))).toBe(false);
	});

	it('refuses a write from another origin whatever the content type', () => {
		expect(isCrossOrigin('POST', origin, headers({ origin: 'https://evil.example', 'content-type': 'application/json' }))).toBe(true);
		expect(isCrossOrigin('DELETE', origin, headers({ origin: 'http://anju.local:3001' }))).toBe(true);
	});

	it('accepts a write from the same origin', () => {
		expect(isCrossOrigin('POST', origin, headers({ origin }))).toBe(false);
	});

	it('falls back to Fetch Metadata without an Origin header', () => {
		expect(isCrossOrigin('POST', origin, headers({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
		expect(isCrossOrigin('POST', origin, headers({ 'sec-fetch-site': 'same-origin' }))).toBe(false);
		expect(isCrossOrigin('POST', origin, headers({}))).toBe(false);
	});
});
