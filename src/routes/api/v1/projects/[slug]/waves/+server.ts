import { apiJson } from '$lib/server/api-response';
import { listApiWaves } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => apiJson({ data: await listApiWaves(locals.db, locals.project!.id) });
