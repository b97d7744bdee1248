import { decide, ruleFor } from '$lib/server/guard';
import type { User } from '$lib/server/users';

/** The project's pages in navigation order; '' is the overview. */
const TABS = [
	'',
	'sites',
	'waves',
	'indicators',
	'exports',
	'kiosks',
	'fieldwork',
	'interview',
	'responses',
	'respondents',
	'audit',
	'members'
] as const;
export type ProjectTab = (typeof TABS)[number];

/**
 * The tabs a member may open, decided by the same route rules the hooks enforce, so a tab is
 * shown exactly when its page would not answer 403. The user has passed this project's member
 * check to get here, so their role is their membership.
 */
export function visibleTabs(user: User): ProjectTab[] {
	return TABS.filter((tab) => decide(ruleFor(tab ? `/projects/[slug]/${tab}` : '/projects/[slug]'), 'GET', user, user.role) === 'allow');
}
