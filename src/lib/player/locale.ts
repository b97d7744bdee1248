import { baseLocale, isLocale, type Locale } from '$lib/paraglide/runtime';

/**
 * The Paraglide locale for the respondent's language: player messages are rendered in it with
 * `m.key({}, { locale })`, whatever language the device or the staff pages use.
 */
export function uiLocale(language: string): Locale {
	return isLocale(language) ? language : baseLocale;
}
