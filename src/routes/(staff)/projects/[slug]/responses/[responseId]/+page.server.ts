import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { correctAnswer } from '$lib/server/corrections';
import { getResponseForReview } from '$lib/server/response-review';
import { setResponseExcluded } from '$lib/server/review';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const response = await getResponseForReview(locals.db, locals.project!.id, params.responseId);
	if (!response) error(404, m.error_no_response());
	return { response, saved: url.searchParams.has('saved') };
};

async function setExcluded({ locals, params, request, url }: RequestEvent, exclude: boolean) {
	const reason = String((await request.formData()).get('reason') ?? '');
	const input = { projectId: locals.project!.id, responseId: params.responseId, exclude, reason };
	const outcome = await setResponseExcluded(locals.db, input, { userId: locals.user!.id });
	if (!outcome) error(404, m.error_no_response());
	if (!outcome.ok) return fail(400, { action: exclude ? 'exclude' : 'restore', errors: outcome.errors, values: { reason } });
	redirect(303, `${url.pathname}?saved`);
}

export const actions: Actions = {
	exclude: (event) => setExcluded(event, true),
	restore: (event) => setExcluded(event, false),
	correct: async ({ locals, params, request, url }) => {
		const form = await request.formData();
		const item = String(form.get('item') ?? '');
		const values = form.getAll('value').map(String);
		const reason = String(form.get('reason') ?? '');
		const input = { projectId: locals.project!.id, responseId: params.responseId, itemKey: item, values, reason };
		const outcome = await correctAnswer(locals.db, input, { userId: locals.user!.id });
		if (!outcome) error(404, m.error_no_response());
		if (!outcome.ok)
			return fail(400, { action: 'correct', item, errors: outcome.errors, detail: outcome.detail, values: { reason, value: values } });
		redirect(303, `${url.pathname}?saved#item-${item}`);
	}
};
