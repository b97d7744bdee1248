import { fail, redirect } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import { SESSION_COOKIE } from '$lib/server/sessions';
import { changePassword, setUserLocale } from '$lib/server/users';
import { createApiToken, listApiTokens, revokeApiToken, scopesFor } from '$lib/server/api-tokens';
import { API_TOKEN_EXPIRIES } from '$lib/api-token-expiry';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	account: locals.user!,
	tokens: await listApiTokens(locals.db, locals.user!.id),
	scopes: scopesFor(locals.user!.role),
	expiries: API_TOKEN_EXPIRIES
});

export const actions: Actions = {
	password: async ({ request, locals, cookies }) => {
		const form = await request.formData();
		const result = await changePassword(locals.db, locals.user!.id, String(form.get('current') ?? ''), String(form.get('next') ?? ''));
		if (result !== 'ok') return fail(400, { passwordError: result });
		// Every session ended, this one too: log in again with the new password.
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	},
	locale: async ({ request, locals, cookies, url }) => {
		const locale = String((await request.formData()).get('locale') ?? '');
		if (!isLocale(locale)) return fail(400, { localeError: true });
		await setUserLocale(locals.db, locals.user!.id, locale);
		cookies.set(cookieName, locale, localeCookieOptions(url));
		redirect(303, '/account');
	},
	// Answers with the token instead of redirecting: it exists in clear only in this response.
	createToken: async ({ request, locals }) => {
		const form = await request.formData();
		const values = {
			name: String(form.get('name') ?? ''),
			scope: String(form.get('scope') ?? ''),
			expiry: String(form.get('expiry') ?? '')
		};
		const result = await createApiToken(locals.db, locals.user!, values);
		if (!result.ok) return fail(400, { tokenError: result.error, tokenValues: values });
		return { createdToken: { name: result.apiToken.name, token: result.token } };
	},
	revokeToken: async ({ request, locals }) => {
		const tokenId = String((await request.formData()).get('id') ?? '');
		if ((await revokeApiToken(locals.db, locals.user!.id, tokenId)) === 'not-found') return fail(404, { revokeError: tokenId });
		redirect(303, '/account');
	}
};
