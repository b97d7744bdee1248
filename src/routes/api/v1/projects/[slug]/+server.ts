import { apiJson } from '$lib/server/api-response';
import { toApiProject } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

/** One project (found and access-checked by the hooks). */
export const GET: RequestHandler = ({ locals }) => apiJson(toApiProject(locals.project!));
