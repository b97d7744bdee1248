import type { PageServerLoad } from './$types';
import { getInterviewChoices } from './interview.server';

/** Interviewer mode: choose a wave and a site (a GET form), then run the player. */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const project = locals.project!;
	const choices = await getInterviewChoices(locals.db, project, url.searchParams.get('wave'), url.searchParams.get('site'));
	return { slug: project.slug, ...choices };
};
