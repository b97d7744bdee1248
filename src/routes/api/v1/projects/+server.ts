import { apiJson } from '$lib/server/api-response';
import { listApiProjects } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

/** The projects the caller may open. */
export const GET: RequestHandler = async ({ locals }) => apiJson({ data: await listApiProjects(locals.db, locals.user!) });
