/**
 * A kiosk (device token) or a logged-in coordinator submits one response:
 * POST JSON submission → 200 `{ id, receivedAt, status, replay }`; errors are JSON
 * `{ error: { code, message, path? } }` (see $lib/server/submission-endpoint).
 */
import { handleSubmissionRequest } from '$lib/server/submission-endpoint';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handleSubmissionRequest(locals.db, request, locals.user);
