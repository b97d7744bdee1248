import { fail, redirect } from '@sveltejs/kit';
import { decide, ruleFor } from '$lib/server/guard';
import { getProjectOverview } from '$lib/server/project-overview';
import { ProjectInputError, setProjectArchived, updateProject } from '$lib/server/projects';
import { projectSettingsFromForm, readProjectForm } from '$lib/project-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, route }) => ({
	overview: await getProjectOverview(locals.db, locals.project!.id),
	canManage: decide(ruleFor(route.id), 'POST', locals.user, locals.user!.role) === 'allow'
});

export const actions: Actions = {
	update: async ({ request, locals }) => {
		const values = readProjectForm(await request.formData());
		const project = locals.project!;
		try {
			await updateProject(locals.db, project.id, projectSettingsFromForm(values), { userId: locals.user!.id });
		} catch (error) {
			if (error instanceof ProjectInputError) return fail(400, { errors: error.errors, values });
			throw error;
		}
		redirect(303, `/projects/${project.slug}?saved`);
	},
	archive: async ({ locals }) => {
		await setProjectArchived(locals.db, locals.project!.id, true, { userId: locals.user!.id });
		redirect(303, `/projects/${locals.project!.slug}`);
	},
	unarchive: async ({ locals }) => {
		await setProjectArchived(locals.db, locals.project!.id, false, { userId: locals.user!.id });
		redirect(303, `/projects/${locals.project!.slug}`);
	}
};
