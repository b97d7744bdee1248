import { exportPageData } from '$lib/server/exports/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => exportPageData(locals.db, locals.project!, locals.user!, url.searchParams);
