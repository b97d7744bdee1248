import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { decide, ruleFor } from '$lib/server/guard';
import { listVersionChoices, saveWaveAssignments, saveWaveDetails } from '$lib/server/wave-forms';
import { countWaveResponsesByVersion, getWave, listWaveInstrumentIds } from '$lib/server/waves';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function waveOf({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) {
	const wave = await getWave(locals.db, locals.project!.id, params.waveId);
	if (!wave) error(404, m.error_no_wave());
	return wave;
}

export const load: PageServerLoad = async (event) => {
	const { locals, route } = event;
	const wave = await waveOf(event);
	const [assigned, responsesByVersion, choices] = await Promise.all([
		listWaveInstrumentIds(locals.db, wave.id),
		countWaveResponsesByVersion(locals.db, wave),
		listVersionChoices(locals.db, locals.library)
	]);
	return {
		wave,
		assigned,
		responsesByVersion: Object.fromEntries(responsesByVersion),
		responses: [...responsesByVersion.values()].reduce((a, b) => a + b, 0),
		choices,
		canEdit: decide(ruleFor(route.id), 'POST', locals.user, locals.user?.role) === 'allow'
	};
};

export const actions: Actions = {
	details: async (event) => {
		const wave = await waveOf(event);
		const form = await event.request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			opensOn: String(form.get('opensOn') ?? ''),
			closesOn: String(form.get('closesOn') ?? '')
		};
		const result = await saveWaveDetails(event.locals.db, wave, values, { userId: event.locals.user!.id });
		if (!result.ok) return fail(400, { details: { errors: result.errors, values } });
		redirect(303, event.url.pathname);
	},
	assignments: async (event) => {
		const wave = await waveOf(event);
		const form = await event.request.formData();
		const values = {
			versionIds: form.getAll('versionId').map(String).filter(Boolean),
			acknowledged: form.get('acknowledged') === 'on',
			reason: String(form.get('reason') ?? '')
		};
		const result = await saveWaveAssignments(event.locals.db, wave, values, event.locals.user!.id);
		if (!result.ok) return fail(400, { assignments: { errors: result.errors, values } });
		redirect(303, event.url.pathname);
	}
};
