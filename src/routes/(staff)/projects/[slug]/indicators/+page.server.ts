import { trendOf } from '$lib/stats/indicators/views';
import { loadIndicatorSet } from './indicators.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const set = await loadIndicatorSet(locals, url);
	return { trends: set.scales.map(trendOf), responseCounts: set.responseCounts };
};
