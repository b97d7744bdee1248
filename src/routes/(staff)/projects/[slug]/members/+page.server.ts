import { fail, redirect } from '@sveltejs/kit';
import { addMember, listMemberCandidates, listMembers, removeMember } from '$lib/server/members';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const projectId = locals.project!.id;
	const [members, candidates] = await Promise.all([listMembers(locals.db, projectId), listMemberCandidates(locals.db, projectId)]);
	return { members, candidates };
};

export const actions: Actions = {
	add: async ({ request, locals }) => {
		const userId = String((await request.formData()).get('userId') ?? '');
		if ((await addMember(locals.db, locals.project!.id, userId, locals.user!.id)) !== 'ok') {
			return fail(400, { addError: true, userId });
		}
		redirect(303, `/projects/${locals.project!.slug}/members`);
	},
	remove: async ({ request, locals }) => {
		const userId = String((await request.formData()).get('userId') ?? '');
		await removeMember(locals.db, locals.project!.id, userId, locals.user!.id);
		redirect(303, `/projects/${locals.project!.slug}/members`);
	}
};
