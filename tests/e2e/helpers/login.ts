/** Staff sessions on the built server: a cookie for requests over HTTP, or a page logged in through the form. */
import type { Page } from 'playwright-core';

/**
 * Logs in through the real form (POST /login, as a same-origin browser would) and returns the
 * session cookie as a `Cookie` header value (`anju_session=…`); throws unless the server
 * redirected with a session.
 */
export async function loginCookie(serverUrl: string, email: string, password: string): Promise<string> {
	const response = await fetch(`${serverUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: serverUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password, redirectTo: '/projects' })
	});
	const session = response.headers.getSetCookie().find((c) => c.startsWith('anju_session='));
	if (response.status !== 303 || !session) throw new Error(`login of ${email} failed: ${response.status}`);
	return session.split(';')[0] as string;
}

/** Logs `page` in through the login form (found by field names, in either language) and waits for the project list. */
export async function logInThroughForm(page: Page, serverUrl: string, email: string, password: string): Promise<void> {
	await page.goto(`${serverUrl}/login`);
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="password"]').fill(password);
	await Promise.all([
		page.waitForURL((url) => url.pathname === '/projects'),
		page.locator('form:has(input[name="password"]) button[type="submit"]').click()
	]);
}
