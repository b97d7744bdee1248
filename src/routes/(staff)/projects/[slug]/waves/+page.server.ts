import { fail, redirect } from '@sveltejs/kit';
import { decide, ruleFor } from '$lib/server/guard';
import { defaultAssignments, listVersionChoices, saveNewWave, type NewWaveFields } from '$lib/server/wave-forms';
import { listWaveSummaries } from '$lib/server/waves';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, route }) => {
	const projectId = locals.project!.id;
	const [waves, choices] = await Promise.all([listWaveSummaries(locals.db, projectId), listVersionChoices(locals.db, locals.library)]);
	return {
		waves,
		choices,
		defaults: {
			order: String(Math.max(0, ...waves.map((w) => w.order)) + 1),
			kind: waves.some((w) => w.kind === 'baseline') ? 'follow-up' : 'baseline',
			versionIds: await defaultAssignments(locals.db, projectId, choices)
		},
		canEdit: decide(ruleFor(route.id), 'POST', locals.user, locals.user?.role) === 'allow'
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const text = (name: string) => String(form.get(name) ?? '');
		const values: NewWaveFields = {
			name: text('name'),
			order: text('order'),
			kind: text('kind'),
			opensOn: text('opensOn'),
			closesOn: text('closesOn'),
			versionIds: form.getAll('versionId').map(String).filter(Boolean)
		};
		const result = await saveNewWave(locals.db, locals.project!.id, values, { userId: locals.user!.id });
		if (!result.ok) return fail(400, { errors: result.errors, values });
		redirect(303, `/projects/${locals.project!.slug}/waves/${result.wave.id}`);
	}
};
