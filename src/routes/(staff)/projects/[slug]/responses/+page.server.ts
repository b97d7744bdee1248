import { listResponses, parseResponseFilter } from '$lib/server/response-list';
import { listSites } from '$lib/server/sites';
import { listWaves } from '$lib/server/waves';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const projectId = locals.project!.id;
	const { filter, page } = parseResponseFilter(url.searchParams);
	return {
		filter,
		responses: await listResponses(locals.db, projectId, filter, page),
		waves: await listWaves(locals.db, projectId),
		sites: await listSites(locals.db, projectId)
	};
};
