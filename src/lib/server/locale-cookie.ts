/**
 * Options of the UI-language cookie. Readable by the client runtime (not HttpOnly: it holds no
 * secret), and Secure only over https — SvelteKit's default Secure flag would make browsers drop it
 * on a plain-http LAN address such as a community centre's server.
 */
export function localeCookieOptions(url: URL) {
	return { path: '/', httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 60 * 60 * 24 * 365 } as const;
}
