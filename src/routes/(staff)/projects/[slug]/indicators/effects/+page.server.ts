import { effectsOf } from '$lib/stats/indicators/views';
import { loadIndicatorSet } from '../indicators.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({ effects: (await loadIndicatorSet(locals, url)).scales.map(effectsOf) });
