import { indicatorsResponse } from '$lib/server/api/indicators';
import type { RequestHandler } from './$types';

/** The project's whole indicator set, optionally `?site=…&subgroup=item:code`. */
export const GET: RequestHandler = ({ locals, url }) => indicatorsResponse(locals.db, locals.project!.id, url.searchParams);
