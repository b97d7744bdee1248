import { fail, redirect } from '@sveltejs/kit';
import { decide, ruleFor } from '$lib/server/guard';
import { listProjectsForUser } from '$lib/server/members';
import { createProject, ProjectInputError, type Project } from '$lib/server/projects';
import { projectSettingsFromForm, readProjectForm } from '$lib/project-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, route }) => ({
	projects: await listProjectsForUser(locals.db, locals.user!),
	canCreate: decide(ruleFor(route.id), 'POST', locals.user, undefined) === 'allow'
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const values = readProjectForm(await request.formData());
		let project: Project;
		try {
			project = await createProject(locals.db, { slug: values.slug, ...projectSettingsFromForm(values) }, { userId: locals.user!.id });
		} catch (error) {
			if (error instanceof ProjectInputError) return fail(400, { errors: error.errors, values });
			throw error;
		}
		redirect(303, `/projects/${project.slug}`);
	}
};
