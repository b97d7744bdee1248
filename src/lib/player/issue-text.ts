import type { Item } from '$lib/instruments/types';
import { localized } from '$lib/localize';
import { m } from '$lib/paraglide/messages';
import { uiLocale } from './locale';
import type { Issue } from './types';

/** Issues about a typed value (number, text, date): only the widgets loaded after the first question raise them. */
export type ValueIssue = Extract<Issue, { code: 'number' | 'whole_number' | 'range' | 'too_long' | 'date' }>;

export function isValueIssue(issue: Issue): issue is ValueIssue {
	return ['number', 'whole_number', 'range', 'too_long', 'date'].includes(issue.code);
}

/** What the respondent reads when Next cannot go on, in their language (value issues: value-issue-text.ts). */
export function issueText(issue: Exclude<Issue, ValueIssue>, language: string, item?: Item): string {
	const locale = uiLocale(language);
	switch (issue.code) {
		case 'required':
			return m.player_error_required({}, { locale });
		case 'constraint':
			return localized(item?.constraintMessage, language) || m.player_error_check({}, { locale });
		case 'code_incomplete':
			return m.player_code_incomplete({}, { locale });
		case 'code_invalid':
			return m.player_code_invalid({}, { locale });
		case 'invalid':
			return m.player_error_check({}, { locale });
	}
}
