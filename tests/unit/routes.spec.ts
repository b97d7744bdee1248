import { describe, expect, it } from 'vitest';
import { ROUTE_RULES } from '$lib/server/guard';
import { listRoutes } from '../helpers/routes';

describe('the route tree', () => {
	const routes = listRoutes();

	it('is found', () => {
		expect(routes.map((r) => r.id)).toContain('/');
		expect(routes.map((r) => r.id)).toContain('/instruments/[key]');
	});

	it('has an access rule for every route', () => {
		const missing = routes.map((r) => r.id).filter((id) => !ROUTE_RULES[id]);
		expect(missing).toEqual([]);
	});

	it('has no rule for a route that does not exist', () => {
		const ids = new Set(routes.map((r) => r.id));
		expect(Object.keys(ROUTE_RULES).filter((id) => !ids.has(id))).toEqual([]);
	});
});
