import { error } from '@sveltejs/kit';
import { getFieldwork } from '$lib/server/fieldwork';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const waveId = url.searchParams.get('wave') || null;
	const fieldwork = await getFieldwork(locals.db, locals.project!.id, waveId);
	if (waveId && !fieldwork.wave) error(404, 'No such wave in this project');
	return { fieldwork };
};
