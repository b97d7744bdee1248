/**
 * The OpenAPI document against the route tree: every API route and method is documented and
 * nothing documented is missing from the routes; every reference resolves. (That real answers
 * match the schemas is checked on the built server: tests/e2e/api-v1.spec.ts.)
 */
import { describe, expect, it } from 'vitest';
import { Validator } from '@cfworker/json-schema';
import { openApiDocument } from '$lib/server/api/openapi/document';
import { ROUTE_RULES } from '$lib/server/guard';
import { listRoutes } from '../../helpers/routes';

const doc = JSON.parse(JSON.stringify(openApiDocument)) as {
	openapi: string;
	paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; security: object[] }>>;
	components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** `/api/v1/projects/[slug]` → `/api/v1/projects/{slug}` */
const toOpenApiPath = (routeId: string) => routeId.replace(/\[(\w+)\]/g, '{$1}');

const apiRoutes = listRoutes().filter((r) => r.id.startsWith('/api/') && r.endpointMethods.length > 0);
const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
	Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)
);
const routed = apiRoutes.flatMap((r) => r.endpointMethods.map((method) => `${method} ${toOpenApiPath(r.id)}`));

describe('the OpenAPI document', () => {
	it('is OpenAPI 3.1 and finds API routes to compare', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(routed.length).toBeGreaterThan(10);
		expect(routed).toContain('GET /api/v1/projects/{slug}/responses');
		expect(routed).toContain('POST /api/v1/submissions');
	});

	it('documents every API route and method', () => {
		expect(routed.filter((r) => !documented.includes(r))).toEqual([]);
	});

	it('documents no route or method that does not exist', () => {
		expect(documented.filter((d) => !routed.includes(d))).toEqual([]);
	});

	it('gives each operation a unique id, its path parameters and known security schemes', () => {
		const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
		expect(new Set(ids).size).toBe(ids.length);
		for (const [path, operations] of Object.entries(doc.paths)) {
			const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			for (const [method, op] of Object.entries(operations)) {
				const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
				expect(declared.sort(), `${method} ${path}`).toEqual(templated.sort());
				for (const requirement of op.security) {
					for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
				}
			}
		}
	});

	it('marks public exactly the operations the guard lets anyone call without a device token', () => {
		for (const route of apiRoutes) {
			const rule = ROUTE_RULES[route.id];
			for (const method of route.endpointMethods) {
				const op = doc.paths[toOpenApiPath(route.id)]?.[method.toLowerCase()];
				const level = method === 'GET' ? rule?.read : rule?.write;
				if (level !== 'public') expect(op?.security, `${method} ${route.id}`).not.toEqual([]);
			}
		}
		expect(doc.paths['/api/openapi.json']?.get?.security).toEqual([]);
	});

	it('resolves every $ref', () => {
		const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
		expect(refs.length).toBeGreaterThan(20);
		for (const ref of new Set(refs)) {
			expect(ref, ref).toMatch(/^#\/components\/schemas\//);
			expect(doc.components.schemas, ref).toHaveProperty(ref.slice('#/components/schemas/'.length));
		}
	});

	it('has schemas a JSON Schema 2020-12 validator uses (a wrong document fails here, not in production)', () => {
		const validator = new Validator({ $ref: 'https://anju.invalid/openapi.json#/components/schemas/Error' }, '2020-12', false);
		validator.addSchema({ $id: 'https://anju.invalid/openapi.json', ...doc } as never);
		expect(validator.validate({ error: { code: 'not_found', message: 'No such project' } }).valid).toBe(true);
		expect(validator.validate({ error: { code: 'not_found' } }).valid).toBe(false);
		expect(validator.validate({ message: 'Not found' }).valid).toBe(false);
	});
});
