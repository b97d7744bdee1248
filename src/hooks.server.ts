import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName, defineCustomServerStrategy, getTextDirection, isLocale, locales } from '$lib/paraglide/runtime';
import { negotiateLocale } from '$lib/i18n/negotiate';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import { startApp, type AppContext } from '$lib/server/app';
import { config } from '$lib/server/config';

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
	return resolve(event);
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

export const handle = sequence(attachApp, i18n);

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status >= 500) console.error(error);
	return { message };
};
