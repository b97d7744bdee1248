import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, type NewSession } from './sessions';

/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over https. */
export function setSessionCookie(cookies: Cookies, url: URL, session: NewSession): void {
	cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: session.expiresAt
	});
}
