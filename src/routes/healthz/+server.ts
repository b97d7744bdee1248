/**
 * GET /healthz, for a supervisor or load balancer: 200 `{ status: "ok", database: "ok",
 * migrations: "current" }`, else 503 with the failing part. Public; no session is looked up.
 */
import { checkHealth } from '$lib/server/health';
import { apiJson } from '$lib/server/api-response';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const health = await checkHealth(locals.db);
	return apiJson(health, health.status === 'ok' ? 200 : 503);
};
