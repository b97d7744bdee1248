import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getFieldwork } from '$lib/server/fieldwork';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const waveId = url.searchParams.get('wave') || null;
	const fieldwork = await getFieldwork(locals.db, locals.project!.id, waveId);
	if (waveId && !fieldwork.wave) error(404, m.error_no_wave());
	return { fieldwork };
};
