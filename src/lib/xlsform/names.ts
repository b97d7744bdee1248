/**
 * XLSForm names → Anju keys. XLSForm allows upper case, `-` and `.` in names; Anju keys are
 * lowercase `a-z0-9_` starting with a letter. The same mapping matches KoboToolbox CSV headers
 * to items, so it lives in one place.
 */

const ITEM_KEY = /^[a-z][a-z0-9_]*$/;

/** The Anju key for an XLSForm name, or undefined when no key can be made from it. */
export function toItemKey(name: string): string | undefined {
	const key = name.trim().toLowerCase().replace(/[-.]/g, '_');
	return ITEM_KEY.test(key) ? key : undefined;
}

/** An instrument key (`a-z0-9_-`, starting with a letter) from a form id or file name. */
export function toInstrumentKey(text: string): string | undefined {
	const key = text
		.trim()
		.toLowerCase()
		.replace(/\.xlsx?$/, '')
		.replace(/[^a-z0-9_-]+/g, '-')
		.replace(/^[-_\d]+|[-_]+$/g, '');
	return key === '' ? undefined : key;
}
