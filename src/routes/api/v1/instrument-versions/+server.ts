import { apiJson } from '$lib/server/api-response';
import { listApiInstrumentVersions } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

/** Every stored instrument version without content, optionally `?key=` of one instrument. */
export const GET: RequestHandler = async ({ locals, url }) =>
	apiJson({ data: await listApiInstrumentVersions(locals.db, locals.library, url.searchParams.get('key') ?? undefined) });
