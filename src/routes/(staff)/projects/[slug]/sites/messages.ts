import { m } from '$lib/paraglide/messages';
import type { SiteFieldError, SiteFields } from '$lib/server/sites';

/** The message for a site field's error code, in the user's language. */
export function siteErrorMessage(field: keyof SiteFields, code: SiteFieldError | undefined): string | undefined {
	if (!code) return undefined;
	switch (field) {
		case 'name':
			return code === 'taken'
				? m.site_error_name_taken()
				: code === 'too_long'
					? m.site_error_name_too_long()
					: m.site_error_name_required();
		case 'arm':
			return m.site_error_arm_required();
		case 'targetPerWave':
			return code === 'required' ? m.site_error_target_required() : m.site_error_target_invalid();
		case 'region':
			return m.site_error_region_too_long();
	}
}
