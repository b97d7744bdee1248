import { m } from '$lib/paraglide/messages';
import { uiLocale } from './locale';
import type { ValueIssue } from './issue-text';

/** What the respondent reads about a number, text or date answer that cannot be accepted. */
export function valueIssueText(issue: ValueIssue, language: string): string {
	const locale = uiLocale(language);
	switch (issue.code) {
		case 'number':
			return m.player_error_number({}, { locale });
		case 'whole_number':
			return m.player_error_whole_number({}, { locale });
		case 'range':
			if (issue.min !== undefined && issue.max !== undefined) return m.player_error_range({ min: issue.min, max: issue.max }, { locale });
			if (issue.min !== undefined) return m.player_error_min({ min: issue.min }, { locale });
			return m.player_error_max({ max: issue.max ?? '' }, { locale });
		case 'too_long':
			return m.player_error_too_long({ max: issue.max }, { locale });
		case 'date':
			return m.player_error_date({}, { locale });
	}
}
