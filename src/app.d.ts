// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import type { Project } from '$lib/server/projects';
import type { User } from '$lib/server/users';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** `unavailable`: the database could not take a write; answered as 503, try again later. */
			code?: 'unavailable';
		}
		interface Locals {
			db: Db;
			library: LoadedInstrument[];
			/** The logged-in staff user, if any. */
			user: User | undefined;
			/** The project of a `/projects/[slug]/…` route, resolved (and access-checked) by the hooks. */
			project: Project | undefined;
			/** Set by handleError when the database could not take a write (full disk, busy): the answer becomes a 503. */
			unavailable?: boolean;
		}
	}
}

export {};
