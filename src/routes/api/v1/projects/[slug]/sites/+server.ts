import { apiJson } from '$lib/server/api-response';
import { listApiSites } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => apiJson({ data: await listApiSites(locals.db, locals.project!.id) });
