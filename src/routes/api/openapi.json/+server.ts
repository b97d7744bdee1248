import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi/document';
import type { RequestHandler } from './$types';

/** The OpenAPI 3.1 document of the JSON API (public: it describes, it holds no data). */
export const GET: RequestHandler = () => json(openApiDocument, { headers: { 'cache-control': 'public, max-age=300' } });
