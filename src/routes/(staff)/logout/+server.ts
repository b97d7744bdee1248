import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE, deleteSession } from '$lib/server/sessions';
import type { RequestHandler } from './$types';

/** Ends the session on the server at once, then forgets the cookie. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await deleteSession(locals.db, token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/login');
};
