import { error, json, redirect, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, defineCustomServerStrategy, getTextDirection, isLocale, locales } from '$lib/paraglide/runtime';
import { negotiateLocale } from '$lib/i18n/negotiate';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import { startApp, type AppContext } from '$lib/server/app';
import { config } from '$lib/server/config';
import { decide, isCrossOrigin, ruleFor } from '$lib/server/guard';
import { isMember } from '$lib/server/members';
import { getProjectBySlug } from '$lib/server/projects';
import { SESSION_COOKIE, validateSession } from '$lib/server/sessions';

let app: AppContext | undefined;

/** Runs once before the first request: migrate, load the instrument library, first admin. */
export const init: ServerInit = async () => {
	try {
		app = await startApp(config());
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

/** State-changing requests from another site are refused whatever their content type. */
const sameOrigin: Handle = ({ event, resolve }) => {
	if (isCrossOrigin(event.request.method, event.url.origin, event.request.headers)) {
		return json({ error: { code: 'cross_origin', message: 'Cross-site requests that change data are refused' } }, { status: 403 });
	}
	return resolve(event);
};

const authenticate: Handle = async ({ event, resolve }) => {
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
	return event.route.id?.startsWith('/api/') === true || event.request.headers.get('accept')?.includes('application/json') === true;
}

/** Enforces the route table of `guard.ts` before any route code runs. */
const authorize: Handle = async ({ event, resolve }) => {
	if (event.route.id === null) return resolve(event); // unknown path: SvelteKit answers 404
	const slug = (event.params as Record<string, string | undefined>).slug;
	let membership: 'coordinator' | 'evaluator' | 'admin' | undefined;
	if (slug !== undefined) {
		const project = await getProjectBySlug(event.locals.db, slug);
		if (!project) error(404, 'Not found');
		event.locals.project = project;
		const user = event.locals.user;
		if (user && (user.role === 'admin' || (await isMember(event.locals.db, project.id, user.id)))) membership = user.role;
	}
	const decision = decide(ruleFor(event.route.id), event.request.method, event.locals.user, membership);
	if (decision === 'allow') return resolve(event);
	if (isApi(event)) {
		const status = decision === 'login' ? 401 : 403;
		return json(
			{
				error: {
					code: decision === 'login' ? 'unauthenticated' : 'forbidden',
					message: decision === 'login' ? 'Log in first' : 'Not allowed'
				}
			},
			{ status }
		);
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

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	return response;
};

export const handle = sequence(securityHeaders, attachApp, sameOrigin, authenticate, authorize, i18n);

export const handleError: HandleServerError = ({ error, status, message }) => {
	// Logged in full here; the browser gets only the short message, never a stack.
	if (status >= 500) console.error(error);
	return { message };
};
