import { exportDownload } from '$lib/server/exports/download';
import type { RequestHandler } from './$types';

/** One export file (long.csv, wide.csv, scores.csv, codebook.csv, codebook.html, anju.R, anju.sps, anju.do), streamed. */
export const GET: RequestHandler = ({ locals, params, url }) =>
	exportDownload(locals.db, locals.project!, locals.user!, params.file, url.searchParams);
