/** Enrollment: a tablet exchanges the one-time code from the Kiosks page for its device token. */
import { postJson } from '$lib/player/http';

export type EnrollError = 'invalid_code' | 'unknown_code' | 'expired_code' | 'network';

/** Exchanges a one-time enrollment code for the device token. */
export async function enroll(code: string): Promise<{ ok: true; token: string } | { ok: false; error: EnrollError }> {
	try {
		const reply = await postJson('/api/kiosk/enroll', { code }, { credentials: 'omit' });
		const body = reply.body as { token?: unknown; error?: { code?: unknown } } | undefined;
		if (reply.status === 200 && typeof body?.token === 'string') return { ok: true, token: body.token };
		const error = body?.error?.code;
		return { ok: false, error: error === 'unknown_code' || error === 'expired_code' || error === 'invalid_code' ? error : 'network' };
	} catch {
		return { ok: false, error: 'network' };
	}
}
