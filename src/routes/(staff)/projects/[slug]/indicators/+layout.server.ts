import { frameOf } from '$lib/stats/indicators/views';
import { loadIndicatorSet } from './indicators.server';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => ({
	frame: frameOf(await loadIndicatorSet(locals, url)),
	/** The filter's query string, kept on every link between indicator pages. */
	search: url.search
});
