import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { trendOf } from '$lib/stats/indicators/views';
import { loadIndicatorSet } from '../indicators.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const scale = (await loadIndicatorSet(locals, url)).scales.find((s) => s.scale.id === params.scale);
	if (!scale) error(404, m.error_no_scale());
	return { scale, trend: trendOf(scale) };
};
