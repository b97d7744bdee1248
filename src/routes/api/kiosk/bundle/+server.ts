/** What an enrolled kiosk needs to run offline (device token; see $lib/server/kiosk-api). */
import { handleBundleRequest } from '$lib/server/kiosk-api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, locals }) => handleBundleRequest(locals.db, request);
