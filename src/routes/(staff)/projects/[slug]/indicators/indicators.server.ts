import { error } from '@sveltejs/kit';
import { getIndicators, IndicatorFilterError, parseIndicatorFilter } from '$lib/server/indicators';
import type { IndicatorSet } from '$lib/stats/indicators/types';

/** The route's project's indicator set inside the URL's filter (`?site=…&subgroup=item:code`); 400 for a bad filter. */
export async function loadIndicatorSet(locals: App.Locals, url: URL): Promise<IndicatorSet> {
	const filter = parseIndicatorFilter(url.searchParams);
	if ('error' in filter) error(400, 'The subgroup must be written item:code, e.g. dem_gender:2');
	try {
		const set = await getIndicators(locals.db, locals.project!.id, filter);
		if (!set) error(404, 'Not found');
		return set;
	} catch (caught) {
		if (caught instanceof IndicatorFilterError) error(400, caught.message);
		throw caught;
	}
}
