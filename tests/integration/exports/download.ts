/** Downloads export files the way the route does (`exportDownload`), for the export specs. */
import type { Db } from '$lib/server/db/create-db';
import { exportDownload } from '$lib/server/exports/download';
import { getProjectBySlug } from '$lib/server/projects';
import type { User } from '$lib/server/users';
import { FIXTURE_KEY, FIXTURE_SLUG } from '../../fixtures/exports/fixture';

export interface Download {
	status: number;
	headers: Headers;
	bytes: Uint8Array;
	/** The body as UTF-8, a byte order mark kept. */
	text: string;
	/** The JSON error body, for a failed download. */
	error?: { code: string; message: string; path?: string };
}

export async function download(
	db: Db,
	user: Pick<User, 'id' | 'role'>,
	file: string,
	query = `key=${FIXTURE_KEY}`,
	slug = FIXTURE_SLUG
): Promise<Download> {
	const project = await getProjectBySlug(db, slug);
	if (!project) throw new Error(`no project ${slug}`);
	const response = await exportDownload(db, project, user, file, new URLSearchParams(query));
	const bytes = new Uint8Array(await response.arrayBuffer());
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
	const json = response.headers.get('content-type')?.startsWith('application/json');
	return { status: response.status, headers: response.headers, bytes, text, ...(json ? { error: JSON.parse(text).error } : {}) };
}
