import { fail, redirect } from '@sveltejs/kit';
import { listRespondents, mergeRespondents, setRespondentWithdrawn, unmergeRespondent, type PanelOutcome } from '$lib/server/panel-codes';
import { parsePage } from '$lib/server/paging';
import { listWaves } from '$lib/server/waves';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = url.searchParams.get('q') ?? '';
	return {
		q,
		saved: url.searchParams.has('saved'),
		respondents: await listRespondents(locals.db, locals.project!.id, q, parsePage(url.searchParams.get('page'))),
		waves: await listWaves(locals.db, locals.project!.id)
	};
};

/** Back to the list the form was sent from (its search kept), or the form's errors. */
function finish<T extends { action: string }>(outcome: PanelOutcome, form: FormData, pathname: string, failure: T) {
	if (!outcome.ok) return fail(400, { ...failure, errors: outcome.errors, overlaps: outcome.overlaps ?? [] });
	const q = String(form.get('q') ?? '');
	redirect(303, `${pathname}?${new URLSearchParams(q ? { q, saved: '' } : { saved: '' })}`);
}

function fields(form: FormData) {
	return { respondentId: String(form.get('respondent') ?? ''), reason: String(form.get('reason') ?? '') };
}

export const actions: Actions = {
	merge: async ({ locals, request, url }) => {
		const form = await request.formData();
		const values = {
			fromCode: String(form.get('from') ?? ''),
			intoCode: String(form.get('into') ?? ''),
			reason: String(form.get('reason') ?? '')
		};
		const confirmOverlap = form.get('confirm_overlap') === 'yes';
		const outcome = await mergeRespondents(
			locals.db,
			{ projectId: locals.project!.id, ...values, confirmOverlap },
			{ userId: locals.user!.id }
		);
		return finish(outcome, form, url.pathname, { action: 'merge' as const, values });
	},
	unmerge: async ({ locals, request, url }) => {
		const form = await request.formData();
		const values = fields(form);
		const outcome = await unmergeRespondent(locals.db, { projectId: locals.project!.id, ...values }, { userId: locals.user!.id });
		return finish(outcome, form, url.pathname, { action: 'unmerge' as const, values });
	},
	withdraw: async ({ locals, request, url }) => {
		const form = await request.formData();
		const values = fields(form);
		const outcome = await setRespondentWithdrawn(
			locals.db,
			{ projectId: locals.project!.id, ...values, withdraw: true },
			{ userId: locals.user!.id }
		);
		return finish(outcome, form, url.pathname, { action: 'withdraw' as const, values });
	},
	unwithdraw: async ({ locals, request, url }) => {
		const form = await request.formData();
		const values = fields(form);
		const outcome = await setRespondentWithdrawn(
			locals.db,
			{ projectId: locals.project!.id, ...values, withdraw: false },
			{ userId: locals.user!.id }
		);
		return finish(outcome, form, url.pathname, { action: 'unwithdraw' as const, values });
	}
};
