import { error } from '@sveltejs/kit';
import { getInstrumentForPage, listVersionsOfInstrument } from '$lib/server/instruments';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const version = await getInstrumentForPage(locals.db, locals.library, params.key, url.searchParams.get('version'));
	if (!version) error(404, `No instrument '${params.key}'`);
	return { version, versionCount: (await listVersionsOfInstrument(locals.db, params.key)).length };
};
