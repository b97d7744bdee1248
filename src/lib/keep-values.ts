import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` that leaves the form as the user filled it when the action answers (chosen files
 * included), so checking again needs no new upload.
 */
export const keepValues: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });
