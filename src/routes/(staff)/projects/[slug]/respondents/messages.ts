import { m } from '$lib/paraglide/messages';

/** The message for a panel-code error code of a form field. */
export function respondentErrorMessage(field: 'from' | 'into' | 'reason' | 'respondent', code: string | undefined): string | undefined {
	if (code === undefined) return undefined;
	if (code === 'required') return m.review_error_reason_required();
	if (code === 'too_long') return m.review_error_reason_too_long();
	if (code === 'not_found') return m.respondent_error_not_found();
	if (code === 'same') return m.respondent_error_same();
	if (code === 'already_merged') return m.respondent_error_already_merged();
	if (code === 'withdrawn') return m.respondent_error_from_withdrawn();
	if (code === 'has_merged') return m.respondent_error_has_merged();
	if (code === 'merged') return field === 'into' ? m.respondent_error_into_merged() : m.respondent_error_merged();
	if (code === 'not_merged') return m.respondent_error_not_merged();
	if (code === 'already_withdrawn') return m.respondent_error_already_withdrawn();
	if (code === 'not_withdrawn') return m.respondent_error_not_withdrawn();
	return m.respondent_error_form();
}
