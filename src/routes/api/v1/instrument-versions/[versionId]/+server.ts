import { apiError, apiJson } from '$lib/server/api-response';
import { getApiInstrumentVersion } from '$lib/server/api/resources';
import type { RequestHandler } from './$types';

/** One instrument version with its content. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const version = await getApiInstrumentVersion(locals.db, locals.library, params.versionId);
	return version ? apiJson(version) : apiError(404, 'not_found', `There is no instrument version '${params.versionId}'`);
};
