import { redirect } from '@sveltejs/kit';
import { cookieName, isLocale } from '$lib/paraglide/runtime';
import { localeCookieOptions } from '$lib/server/locale-cookie';
import type { RequestHandler } from './$types';

/** Only same-site paths, so the form cannot be used as an open redirect. */
function safePath(value: FormDataEntryValue | null): string {
	return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/** Sets the staff UI language (a cookie the i18n middleware reads) and goes back. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(cookieName, locale, localeCookieOptions(url));
	}
	redirect(303, safePath(form.get('redirectTo')));
};
