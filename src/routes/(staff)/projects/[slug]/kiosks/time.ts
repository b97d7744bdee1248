/** A timestamp as date and time in the user's language. */
export function formatTime(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
