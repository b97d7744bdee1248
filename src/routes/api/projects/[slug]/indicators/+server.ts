import { indicatorsResponse } from '$lib/server/api/indicators';
import type { RequestHandler } from './$types';

/** The project's whole indicator set; kept for existing clients, the same as /api/v1/projects/[slug]/indicators. */
export const GET: RequestHandler = ({ locals, url }) => indicatorsResponse(locals.db, locals.project!.id, url.searchParams);
