/**
 * Who may do what, in one place. Every route of the app has a rule here — reading (GET/HEAD) and
 * writing (any other method, form actions included) — and `hooks.server.ts` enforces it before a
 * route's own code runs. A route missing from this table is refused (fail closed); a test walks
 * the route tree so a new route cannot be forgotten.
 *
 * Levels:
 * - public: anyone, no login;
 * - staff: any logged-in user (their own account, the project list);
 * - member: admin, or any member of the route's project (coordinator or evaluator) — pseudonymous data;
 * - coordinator: admin, or a coordinator who is a member of the route's project — panel codes, changes;
 * - admin: admins only.
 */
import type { Role } from './db/schema';

export type Level = 'public' | 'staff' | 'member' | 'coordinator' | 'admin';

export interface RouteRule {
	read: Level;
	write: Level;
}

const rule = (read: Level, write: Level = read): RouteRule => ({ read, write });

export const ROUTE_RULES: Record<string, RouteRule> = {
	'/': rule('public'),
	'/language': rule('public'),
	// For a supervisor or load balancer: no login, no session lookup.
	'/healthz': rule('public'),
	'/login': rule('public'),
	'/logout': rule('staff'),
	'/account': rule('staff'),
	'/instruments': rule('public', 'admin'),
	'/instruments/[key]': rule('public', 'admin'),
	'/instruments/[key]/diff': rule('public', 'admin'),
	'/instruments/[key]/xlsform': rule('public', 'admin'),
	'/instruments/import': rule('admin'),
	'/admin/users': rule('admin'),
	'/admin/audit': rule('admin'),
	'/projects': rule('staff', 'admin'),
	'/projects/[slug]': rule('member', 'coordinator'),
	'/projects/[slug]/sites': rule('member', 'coordinator'),
	'/projects/[slug]/waves': rule('member', 'coordinator'),
	'/projects/[slug]/waves/[waveId]': rule('member', 'coordinator'),
	'/projects/[slug]/waves/[waveId]/import': rule('coordinator'),
	'/projects/[slug]/kiosks': rule('coordinator'),
	'/projects/[slug]/fieldwork': rule('coordinator'),
	'/projects/[slug]/responses': rule('coordinator'),
	'/projects/[slug]/responses/[responseId]': rule('coordinator'),
	'/projects/[slug]/respondents': rule('coordinator'),
	'/projects/[slug]/audit': rule('coordinator'),
	'/projects/[slug]/interview': rule('coordinator'),
	'/projects/[slug]/members': rule('admin'),
	'/projects/[slug]/indicators': rule('member', 'coordinator'),
	'/projects/[slug]/indicators/effects': rule('member', 'coordinator'),
	'/projects/[slug]/indicators/[scale]': rule('member', 'coordinator'),
	'/projects/[slug]/exports': rule('member', 'coordinator'),
	// Devices, not staff: the kiosk authenticates with its own enrollment code or device token.
	'/kiosk': rule('public'),
	'/api/kiosk/enroll': rule('public', 'public'),
	'/api/kiosk/bundle': rule('public', 'public'),
	'/api/kiosk/refusals': rule('public', 'public'),
	'/api/kiosk/panel-codes': rule('public', 'public'),
	'/api/projects/[slug]/indicators': rule('member'),
	// A kiosk's device token or a coordinator's session: the handler checks either and refuses requests with neither.
	'/api/v1/submissions': rule('public', 'public'),
	// The JSON API: a session or an API token (hooks.server.ts), with the same levels as the pages.
	'/api/openapi.json': rule('public'),
	'/api/v1/projects': rule('staff', 'admin'),
	'/api/v1/projects/[slug]': rule('member', 'coordinator'),
	'/api/v1/projects/[slug]/sites': rule('member', 'coordinator'),
	'/api/v1/projects/[slug]/waves': rule('member', 'coordinator'),
	'/api/v1/projects/[slug]/responses': rule('member', 'coordinator'),
	'/api/v1/projects/[slug]/indicators': rule('member', 'coordinator'),
	// Panel codes in an export: admins only, checked by the handler (a plain member gets pseudonyms).
	'/api/v1/projects/[slug]/exports/[file]': rule('member'),
	'/api/v1/instrument-versions': rule('staff', 'admin'),
	'/api/v1/instrument-versions/[versionId]': rule('staff', 'admin')
};

export interface Viewer {
	role: Role;
}

/** The user's role in the route's project, when they are a member (admins need no membership). */
export type Membership = Role | undefined;

export type Decision = 'allow' | 'login' | 'forbidden';

export function isWrite(method: string): boolean {
	return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** A route id without its layout groups: `/(staff)/projects/[slug]` → `/projects/[slug]`. */
export function withoutGroups(routeId: string): string {
	return routeId.replace(/\/\([^)]+\)/g, '') || '/';
}

/** The rule for a route id, or undefined when the route has none (then it is refused). */
export function ruleFor(routeId: string | null): RouteRule | undefined {
	return routeId === null ? undefined : ROUTE_RULES[withoutGroups(routeId)];
}

/** Decides one request: `login` when a login would help, `forbidden` when it would not. */
export function decide(rule: RouteRule | undefined, method: string, viewer: Viewer | undefined, membership: Membership): Decision {
	if (!rule) return 'forbidden';
	const level = isWrite(method) ? rule.write : rule.read;
	if (level === 'public') return 'allow';
	if (!viewer) return 'login';
	if (viewer.role === 'admin') return 'allow';
	switch (level) {
		case 'staff':
			return 'allow';
		case 'member':
			return membership ? 'allow' : 'forbidden';
		case 'coordinator':
			return membership === 'coordinator' && viewer.role === 'coordinator' ? 'allow' : 'forbidden';
		case 'admin':
			return 'forbidden';
	}
}

/** Whether a state-changing request comes from another site (any content type, JSON included). */
export function isCrossOrigin(method: string, requestOrigin: string, headers: Headers): boolean {
	if (!isWrite(method)) return false;
	const origin = headers.get('origin');
	if (origin) return origin !== requestOrigin;
	// No Origin header (old browsers, some clients): fall back to Fetch Metadata when present.
	const site = headers.get('sec-fetch-site');
	return site === 'cross-site' || site === 'same-site';
}
