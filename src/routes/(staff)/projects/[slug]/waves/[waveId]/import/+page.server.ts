import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { checkKoboImport, importKoboResponses } from '$lib/server/imports/kobo-import';
import { readKoboCheckForm, readKoboConfirmForm, type KoboFormResult } from '$lib/server/imports/kobo-form';
import { MAX_UPLOAD_BYTES, readUploadForm } from '$lib/server/imports/upload';
import { listSites } from '$lib/server/sites';
import { listVersionChoices } from '$lib/server/wave-forms';
import { getWave, listWaveInstrumentIds } from '$lib/server/waves';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function waveOf({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) {
	const wave = await getWave(locals.db, locals.project!.id, params.waveId);
	if (!wave) error(404, m.error_no_wave());
	return wave;
}

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	const wave = await waveOf(event);
	const [sites, assigned, choices] = await Promise.all([
		listSites(locals.db, locals.project!.id),
		listWaveInstrumentIds(locals.db, wave.id),
		listVersionChoices(locals.db, locals.library)
	]);
	const imported = url.searchParams.get('imported');
	return {
		wave,
		sites: sites.map((s) => ({ id: s.id, name: s.name })),
		instruments: assigned
			.flatMap((id) => choices.filter((c) => c.id === id))
			.map((c) => ({ id: c.id, title: c.title, version: c.version })),
		maxKb: MAX_UPLOAD_BYTES / 1024,
		imported: imported && /^\d+$/.test(imported) ? Number(imported) : undefined
	};
};

function refused(result: Extract<KoboFormResult, { ok: false }>) {
	return fail(result.error === 'too_large' ? 413 : 400, {
		formError: result.error,
		formErrorMessage: result.message,
		values: result.values
	});
}

export const actions: Actions = {
	check: async (event) => {
		const wave = await waveOf(event);
		const form = await readUploadForm(event.request);
		if (form === 'too_large') return fail(413, { formError: 'too_large' as const });
		const result = await readKoboCheckForm(form, { projectId: wave.projectId, waveId: wave.id });
		if (!result.ok) return refused(result);
		const report = await checkKoboImport(event.locals.db, result.input);
		return { report, values: result.values, carry: result.carry };
	},
	import: async (event) => {
		const wave = await waveOf(event);
		const form = await readUploadForm(event.request);
		if (form === 'too_large') return fail(413, { formError: 'too_large' as const });
		const result = readKoboConfirmForm(form, { projectId: wave.projectId, waveId: wave.id });
		if (!result.ok) return refused(result);
		const outcome = await importKoboResponses(event.locals.db, result.input, {
			onlyValid: form.get('onlyValid') === 'on',
			actor: { userId: event.locals.user!.id }
		});
		if (outcome.status === 'refused')
			return fail(400, { report: outcome.report, values: result.values, carry: result.carry, refusedReason: outcome.reason });
		redirect(303, `${event.url.pathname}?imported=${outcome.imported}`);
	}
};
