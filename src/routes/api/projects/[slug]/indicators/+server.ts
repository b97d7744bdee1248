import { apiError, apiJson } from '$lib/server/api-response';
import { getIndicators, IndicatorFilterError, parseIndicatorFilter } from '$lib/server/indicators';
import type { RequestHandler } from './$types';

/** The project's whole indicator set (shape: static/openapi/indicators.yaml), optionally `?site=…&subgroup=item:code`. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const filter = parseIndicatorFilter(url.searchParams);
	if ('error' in filter) return apiError(400, 'invalid_filter', 'subgroup must be item:code, e.g. dem_gender:2', { path: filter.error });
	try {
		const set = await getIndicators(locals.db, locals.project!.id, filter);
		return set ? apiJson(set) : apiError(404, 'not_found', 'No such project');
	} catch (error) {
		if (error instanceof IndicatorFilterError) return apiError(400, 'invalid_filter', error.message, { path: error.parameter });
		throw error;
	}
};
