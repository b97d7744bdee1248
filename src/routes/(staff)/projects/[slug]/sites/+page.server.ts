import { fail, redirect } from '@sveltejs/kit';
import { decide, ruleFor } from '$lib/server/guard';
import { listSites, saveSite, type SiteFields } from '$lib/server/sites';
import type { Actions, PageServerLoad } from './$types';

function siteFields(form: FormData): SiteFields {
	const text = (name: string) => String(form.get(name) ?? '');
	return { name: text('name'), arm: text('arm'), targetPerWave: text('targetPerWave'), region: text('region') };
}

export const load: PageServerLoad = async ({ locals, route }) => ({
	sites: await listSites(locals.db, locals.project!.id),
	// Members reach this page; the same rule table says whether this one may change it.
	canEdit: decide(ruleFor(route.id), 'POST', locals.user, locals.user?.role) === 'allow'
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const values = siteFields(await request.formData());
		const result = await saveSite(locals.db, { projectId: locals.project!.id }, values, { userId: locals.user!.id });
		if (!result.ok) return fail(400, { action: 'create' as const, errors: 'errors' in result ? result.errors : {}, values });
		redirect(303, `/projects/${locals.project!.slug}/sites`);
	},
	update: async ({ request, locals }) => {
		const form = await request.formData();
		const id = String(form.get('id') ?? '');
		const values = siteFields(form);
		const result = await saveSite(locals.db, { projectId: locals.project!.id, siteId: id }, values, { userId: locals.user!.id });
		if (!result.ok && 'notFound' in result) return fail(404, { action: 'update' as const, id, notFound: true, errors: {}, values });
		if (!result.ok) return fail(400, { action: 'update' as const, id, errors: result.errors, values });
		redirect(303, `/projects/${locals.project!.slug}/sites#site-${id}`);
	}
};
