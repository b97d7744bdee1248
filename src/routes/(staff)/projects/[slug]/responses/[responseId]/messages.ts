import { m } from '$lib/paraglide/messages';

/** The message for a review error code of a form field. */
export function reviewErrorMessage(code: string | undefined, detail?: string): string | undefined {
	switch (code) {
		case undefined:
			return undefined;
		case 'required':
			return m.review_error_reason_required();
		case 'too_long':
			return m.review_error_reason_too_long();
		case 'invalid':
			return m.review_error_value_invalid({ detail: detail ?? '' });
		case 'unchanged':
			return m.review_error_value_unchanged();
		case 'inconsistent':
			return m.review_error_value_inconsistent({ detail: detail ?? '' });
		case 'unknown':
			return m.review_error_item_unknown();
		case 'already_excluded':
			return m.review_error_already_excluded();
		case 'not_excluded':
			return m.review_error_not_excluded();
		default:
			return m.review_error_form();
	}
}
