import { m } from '$lib/paraglide/messages';
import type { WaveFieldError } from '$lib/server/wave-forms';

/** The message for a wave form error code, in the user's language. */
export function waveErrorMessage(code: WaveFieldError | undefined): string | undefined {
	switch (code) {
		case undefined:
			return undefined;
		case 'required':
			return m.wave_error_name_required();
		case 'too_long':
			return m.wave_error_name_too_long();
		case 'invalid':
			return m.wave_error_date_invalid();
		case 'taken':
			return m.wave_error_order_taken();
		case 'baseline_taken':
			return m.wave_error_baseline_taken();
		case 'before_opens':
			return m.wave_error_closes_before_opens();
		case 'not_found':
			return m.not_found();
		case 'unknown_version':
			return m.wave_error_unknown_version();
		case 'duplicate_instrument':
			return m.wave_error_duplicate_instrument();
		case 'frozen':
			return m.wave_error_frozen();
		case 'reason_required':
			return m.wave_error_reason_required();
	}
}

/** Field-specific wording where one code means different things on different fields. */
export function fieldErrorMessage(field: string, code: WaveFieldError | undefined): string | undefined {
	if (code === 'required') {
		if (field === 'order') return m.wave_error_order_required();
		if (field === 'kind') return m.wave_error_kind_required();
		if (field === 'versionIds') return m.wave_error_versions_required();
		if (field === 'reason') return m.wave_error_reason_required();
	}
	if (code === 'invalid' && field === 'order') return m.wave_error_order_invalid();
	if (code === 'invalid' && field === 'kind') return m.wave_error_kind_required();
	if (code === 'too_long' && field === 'reason') return m.wave_error_reason_too_long();
	return waveErrorMessage(code);
}
