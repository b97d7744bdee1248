/** Counts a declined consent — nothing about the resident (device token; see $lib/server/kiosk-api). */
import { handleRefusalRequest } from '$lib/server/kiosk-api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handleRefusalRequest(locals.db, request);
