import { summarizeInstrumentLibrary } from '$lib/server/instruments';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	instruments: await summarizeInstrumentLibrary(locals.db, locals.library)
});
