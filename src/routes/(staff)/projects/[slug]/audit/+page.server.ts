import { listAuditEntries, listAuditFacets, parseAuditFilter } from '$lib/server/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = parseAuditFilter(url.searchParams);
	const projectId = locals.project!.id;
	return {
		filter,
		entries: await listAuditEntries(locals.db, { ...filter, projectId }),
		facets: await listAuditFacets(locals.db, projectId)
	};
};
