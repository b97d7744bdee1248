/** Reserves new panel codes for "first time here" offline (device token; see $lib/server/kiosk-api). */
import { handlePanelCodesRequest } from '$lib/server/kiosk-api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) => handlePanelCodesRequest(locals.db, request);
