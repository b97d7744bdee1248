import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getIndicators, IndicatorFilterError, parseIndicatorFilter } from '$lib/server/indicators';
import type { IndicatorSet } from '$lib/stats/indicators/types';

/** The route's project's indicator set inside the URL's filter (`?site=…&subgroup=item:code`); 400 for a bad filter. */
export async function loadIndicatorSet(locals: App.Locals, url: URL): Promise<IndicatorSet> {
	const filter = parseIndicatorFilter(url.searchParams);
	if ('error' in filter) error(400, m.error_bad_subgroup());
	try {
		const set = await getIndicators(locals.db, locals.project!.id, filter);
		if (!set) error(404, m.error_not_found());
		return set;
	} catch (caught) {
		if (caught instanceof IndicatorFilterError) error(400, caught.message);
		throw caught;
	}
}
