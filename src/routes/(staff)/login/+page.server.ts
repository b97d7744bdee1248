import { fail, redirect } from '@sveltejs/kit';
import { cookieName } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { attemptLogin } from '$lib/server/login';
import { createSession } from '$lib/server/sessions';
import { setSessionCookie } from '$lib/server/auth-cookie';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import type { Actions, PageServerLoad } from './$types';

function safePath(value: unknown): string {
	return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/projects';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safePath(url.searchParams.get('redirectTo')));
	return { redirectTo: safePath(url.searchParams.get('redirectTo')) };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '');
		const password = String(form.get('password') ?? '');
		const result = await attemptLogin(locals.db, email, password);
		if (!result.ok) {
			if (result.reason === 'throttled')
				return fail(429, { email, error: 'throttled' as const, retryAfterSeconds: result.retryAfterSeconds });
			return fail(400, { email, error: 'invalid' as const, retryAfterSeconds: 0 });
		}
		const cfg = config();
		const session = await createSession(locals.db, result.user.id, {
			idleMs: cfg.sessionIdleHours * 3600_000,
			maxMs: cfg.sessionMaxDays * 86_400_000
		});
		setSessionCookie(cookies, url, session);
		cookies.set(cookieName, result.user.locale, localeCookieOptions(url));
		redirect(303, safePath(form.get('redirectTo')));
	}
};
