/** The indicator set as a JSON answer, shared by /api/v1/projects/{slug}/indicators and its unversioned predecessor. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { apiError, apiJson } from '../api-response';
import { getIndicators, IndicatorFilterError, parseIndicatorFilter } from '../indicators';

/** The project's whole indicator set (shape: static/openapi/indicators.yaml), optionally `?site=…&subgroup=item:code`. */
export async function indicatorsResponse(db: Kysely<Database>, projectId: string, params: URLSearchParams): Promise<Response> {
	const filter = parseIndicatorFilter(params);
	if ('error' in filter) return apiError(400, 'invalid_filter', 'subgroup must be item:code, e.g. dem_gender:2', { path: filter.error });
	try {
		const set = await getIndicators(db, projectId, filter);
		return set ? apiJson(set) : apiError(404, 'not_found', 'No such project');
	} catch (error) {
		if (error instanceof IndicatorFilterError) return apiError(400, 'invalid_filter', error.message, { path: error.parameter });
		throw error;
	}
}
