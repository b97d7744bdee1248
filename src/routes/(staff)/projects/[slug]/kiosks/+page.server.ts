import { fail, redirect } from '@sveltejs/kit';
import { reissueKioskCode, saveNewKiosk } from '$lib/server/kiosk-forms';
import { listKioskSummaries, revokeKiosk } from '$lib/server/kiosks';
import { listSites } from '$lib/server/sites';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const projectId = locals.project!.id;
	const [kiosks, sites] = await Promise.all([listKioskSummaries(locals.db, projectId), listSites(locals.db, projectId)]);
	return { kiosks, sites: sites.map(({ id, name }) => ({ id, name })) };
};

export const actions: Actions = {
	// Answers with the slip instead of redirecting: the code exists only in this response.
	create: async ({ request, locals, url }) => {
		const form = await request.formData();
		const values = { siteId: String(form.get('siteId') ?? ''), name: String(form.get('name') ?? '') };
		const result = await saveNewKiosk(locals.db, locals.project!.id, values, url.origin, { userId: locals.user!.id });
		if (!result.ok) return fail(400, { create: { errors: result.errors, values } });
		return { slip: result.slip };
	},
	reissue: async ({ request, locals, url }) => {
		const kioskId = String((await request.formData()).get('id') ?? '');
		const result = await reissueKioskCode(locals.db, locals.project!.id, kioskId, url.origin, { userId: locals.user!.id });
		if (!result.ok) return fail(result.error === 'not_found' ? 404 : 400, { kioskError: result.error, kioskId });
		return { slip: result.slip };
	},
	revoke: async ({ request, locals }) => {
		const kioskId = String((await request.formData()).get('id') ?? '');
		const revoked = await revokeKiosk(locals.db, kioskId, locals.user!.id, { projectId: locals.project!.id });
		if (!revoked) return fail(404, { kioskError: 'not_found' as const, kioskId });
		redirect(303, `/projects/${locals.project!.slug}/kiosks`);
	}
};
