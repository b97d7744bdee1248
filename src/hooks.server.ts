import { error, json, redirect, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, defineCustomServerStrategy, getTextDirection, isLocale, locales } from '$lib/paraglide/runtime';
import { negotiateLocale } from '$lib/i18n/negotiate';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import { startApp, type AppContext } from '$lib/server/app';
import { startBackupSchedule } from '$lib/server/backup-schedule';
import { config } from '$lib/server/config';
import { decide, isCrossOrigin, ruleFor } from '$lib/server/guard';
import { isMember } from '$lib/server/members';
import { getProjectBySlug } from '$lib/server/projects';
import { SESSION_COOKIE, validateSession } from '$lib/server/sessions';
import { apiError, isTemporaryDatabaseError, RETRY_AFTER_SECONDS } from '$lib/server/api-response';
import { m } from '$lib/paraglide/messages';
import { discardUnreadBody } from '$lib/server/json-body';
import { authenticateApiRequest, isApiPath, isApiTokenRequest } from '$lib/server/api/request-auth';

let app: AppContext | undefined;

/** Runs once before the first request: migrate, load the instrument library, first admin; scheduled backups. */
export const init: ServerInit = async () => {
	try {
		const cfg = config();
		app = await startApp(cfg);
		if (cfg.backup) startBackupSchedule(cfg.databasePath, cfg.backup);
	} catch (error) {
		// A broken library or migration must stop the server rather than serve half of it.
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
};

const attachApp: Handle = ({ event, resolve }) => {
	if (!app) throw new Error('Anju has not finished starting');
	event.locals.db = app.db;
	event.locals.library = app.library;
	event.locals.user = undefined;
	event.locals.project = undefined;
	return resolve(event);
};

/**
 * State-changing requests from another site are refused whatever their content type. API token
 * requests are exempt: they carry no cookie, so another site cannot make a browser send one.
 */
const sameOrigin: Handle = ({ event, resolve }) => {
	if (isApiTokenRequest(event.request, event.url.pathname)) return resolve(event);
	if (isCrossOrigin(event.request.method, event.url.origin, event.request.headers)) {
		return json({ error: { code: 'cross_origin', message: 'Cross-site requests that change data are refused' } }, { status: 403 });
	}
	return resolve(event);
};

/** A supervisor's health probe: public, and answered without a session lookup or a language cookie. */
const isHealthProbe = (event: RequestEvent) => event.url.pathname === '/healthz';

/** An API token (for /api/ paths only, cookies then ignored) or else the session cookie. */
const authenticate: Handle = async ({ event, resolve }) => {
	if (isHealthProbe(event)) return resolve(event);
	const viaToken = await authenticateApiRequest(event.locals.db, event.request, event.url.pathname);
	if (viaToken.kind === 'refused') return viaToken.response;
	if (viaToken.kind === 'token') {
		event.locals.user = viaToken.user;
		return resolve(event);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const cfg = config();
		const user = await validateSession(event.locals.db, token, {
			idleMs: cfg.sessionIdleHours * 3600_000,
			maxMs: cfg.sessionMaxDays * 86_400_000
		});
		if (user) event.locals.user = user;
		else event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	return resolve(event);
};

function isApi(event: RequestEvent): boolean {
	return isApiPath(event.url.pathname) || event.request.headers.get('accept')?.includes('application/json') === true;
}

/** Under /api/ the framework's own 405 is JSON with a code, like every other API answer. */
async function resolveApi(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	const response = await resolve(event);
	if (response.status !== 405 || !isApiPath(event.url.pathname)) return response;
	const allow = response.headers.get('allow');
	return apiError(405, 'method_not_allowed', `${event.request.method} is not allowed here${allow ? `; use ${allow}` : ''}`, {
		headers: allow ? { allow } : {}
	});
}

/** Enforces the route table of `guard.ts` before any route code runs. */
const authorize: Handle = async ({ event, resolve }) => {
	if (event.route.id === null) {
		if (isApiPath(event.url.pathname)) return apiError(404, 'not_found', `There is no API endpoint at ${event.url.pathname}`);
		return resolve(event); // unknown page: SvelteKit answers 404
	}
	const slug = (event.params as Record<string, string | undefined>).slug;
	let membership: 'coordinator' | 'evaluator' | 'admin' | undefined;
	if (slug !== undefined) {
		const project = await getProjectBySlug(event.locals.db, slug);
		if (!project) {
			if (isApi(event)) return apiError(404, 'not_found', `There is no project '${slug}'`);
			error(404, 'Not found');
		}
		event.locals.project = project;
		const user = event.locals.user;
		if (user && (user.role === 'admin' || (await isMember(event.locals.db, project.id, user.id)))) membership = user.role;
	}
	const decision = decide(ruleFor(event.route.id), event.request.method, event.locals.user, membership);
	if (decision === 'allow') return resolveApi(event, resolve);
	if (isApi(event)) {
		if (decision === 'login') {
			return apiError(401, 'unauthenticated', 'Log in, or send an API token: Authorization: Bearer anju_…', {
				headers: { 'www-authenticate': 'Bearer realm="anju"' }
			});
		}
		return apiError(403, 'forbidden', slug === undefined ? 'Not allowed' : `Not allowed in project '${slug}'`);
	}
	if (decision === 'login') {
		if (event.request.method === 'GET') redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		error(401, 'Log in first');
	}
	error(403, 'Not allowed');
};

// Paraglide runs custom strategies before the built-in ones whatever their order, so this one
// defers to the cookie itself: the user's explicit choice wins over the browser's languages.
defineCustomServerStrategy('custom-acceptLanguage', {
	getLocale: (request) => {
		const chosen = request?.headers.get('cookie')?.match(new RegExp(`(?:^|;\\s*)${cookieName}=([^;]*)`))?.[1];
		if (chosen && isLocale(chosen)) return chosen;
		return negotiateLocale(request?.headers.get('accept-language') ?? null, locales);
	}
});

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		// Pin the negotiated language so the browser renders the same one after hydration.
		if (!event.cookies.get(cookieName)) {
			event.cookies.set(cookieName, locale, localeCookieOptions(event.url));
		}
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%dir%', getTextDirection(locale))
		});
	});

/** The health probe and the JSON API need no language (and get no language cookie). */
const i18nUnlessHealthProbe: Handle = (input) =>
	isHealthProbe(input.event) || isApiPath(input.event.url.pathname) ? input.resolve(input.event) : i18n(input);

/** A body left unread by a refusal (401, 403, 415…) is read and dropped, so keep-alive connections stay usable. */
const discardUnread: Handle = async ({ event, resolve }) => {
	try {
		return await resolve(event);
	} finally {
		discardUnreadBody(event.request);
	}
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

/**
 * A page or form action that failed because the database could not take a write (a full disk, a
 * lock held too long) answers 503 with Retry-After, like the API, rather than 500: nothing was
 * changed, and trying again later will work. SvelteKit renders the error page as a 500 (handleError
 * cannot choose the status), so the status is set here.
 */
const unavailableAs503: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.locals.unavailable || response.status !== 500) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	return new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers });
};

export const handle = sequence(
	unavailableAs503,
	securityHeaders,
	discardUnread,
	attachApp,
	sameOrigin,
	authenticate,
	authorize,
	i18nUnlessHealthProbe
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isTemporaryDatabaseError(error)) {
		event.locals.unavailable = true;
		console.error(`database unavailable for ${event.request.method} ${event.url.pathname}: ${(error as Error).message}`);
		return { message: m.error_unavailable(), code: 'unavailable' };
	}
	// Logged in full here; the browser gets only the short message, never a stack.
	if (status >= 500) console.error(error);
	return { message };
};
