import { error } from '@sveltejs/kit';
import { compareInstrumentVersions } from '$lib/server/instrument-diff';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const comparison = await compareInstrumentVersions(locals.db, params.key, url.searchParams.get('from'), url.searchParams.get('to'));
	if (!comparison) error(404, `No such versions of instrument '${params.key}'`);
	return { key: params.key, ...comparison };
};
