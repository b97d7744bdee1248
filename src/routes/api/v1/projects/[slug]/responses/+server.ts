import { apiJson } from '$lib/server/api-response';
import { listApiResponses } from '$lib/server/api/responses';
import { parseResponseQuery, problemResponse } from '$lib/server/api/response-query';
import type { RequestHandler } from './$types';

/** One page of the project's responses (`?key=&wave=&site=&updated_since=&cursor=&limit=&panel_codes=`). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const parsed = parseResponseQuery(url.searchParams);
	if (!parsed.ok) return problemResponse(parsed.problem);
	const result = await listApiResponses(locals.db, { projectId: locals.project!.id, viewer: locals.user! }, parsed.query);
	return result.ok ? apiJson(result.page) : problemResponse(result.problem);
};
