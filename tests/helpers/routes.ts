/**
 * The app's route tree read from src/routes, so tests cover every route and form action that
 * exists — a new route cannot be forgotten.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface AppRoute {
	/** SvelteKit route id, e.g. `/projects/[slug]/sites`. */
	id: string;
	page: boolean;
	/** Methods exported by +server.ts. */
	endpointMethods: string[];
	/** Named form actions of +page.server.ts (`default` for the unnamed one). */
	actions: string[];
}

const ROUTES_DIR = 'src/routes';

export function listRoutes(dir = ROUTES_DIR, segments: string[] = []): AppRoute[] {
	const routes: AppRoute[] = [];
	const files = readdirSync(dir);
	const page = files.includes('+page.svelte') || files.includes('+page.server.ts') || files.includes('+page.ts');
	const endpoint = join(dir, '+server.ts');
	const endpointMethods = existsSync(endpoint)
		? [...readFileSync(endpoint, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1] as string)
		: [];
	if (page || endpointMethods.length > 0) {
		const id = '/' + segments.filter((s) => !/^\(.*\)$/.test(s)).join('/');
		routes.push({ id, page, endpointMethods, actions: formActions(join(dir, '+page.server.ts')) });
	}
	for (const name of files) {
		if (statSync(join(dir, name)).isDirectory()) routes.push(...listRoutes(join(dir, name), [...segments, name]));
	}
	return routes;
}

/** Action names of `export const actions = { … }` in a +page.server.ts. */
function formActions(file: string): string[] {
	if (!existsSync(file)) return [];
	const source = readFileSync(file, 'utf8');
	const start = source.search(/export const actions\b/);
	if (start < 0) return [];
	const body = source.slice(start);
	return [...body.matchAll(/^\t([a-zA-Z_]\w*)\s*:\s*(?:async\s*)?\(/gm)].map((m) => m[1] as string);
}
