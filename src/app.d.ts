// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			db: Db;
			library: LoadedInstrument[];
		}
	}
}

export {};
