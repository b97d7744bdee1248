/**
 * What an export is asked for: the files there are and the options every file takes, read from and
 * written to a query string (`?wave=…&excluded=1&key=…`) so that a download link, a script with an
 * API token and the exports page all say the same thing. Pure.
 */

/** Every file of an export, by the name it has in the download address. */
export const EXPORT_FILES = [
	'long.csv',
	'wide.csv',
	'scores.csv',
	'codebook.csv',
	'codebook.html',
	'anju.R',
	'anju.sps',
	'anju.do'
] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

/** Files with one row per answer or per respondent × wave: they need a pseudonym key. */
export const DATA_FILES: readonly ExportFile[] = ['long.csv', 'wide.csv', 'scores.csv'];

export function isExportFile(name: string): name is ExportFile {
	return (EXPORT_FILES as readonly string[]).includes(name);
}

/**
 * The pseudonym key: 16–64 letters, digits, `_` or `-`. Files downloaded with the same key show each
 * respondent under the same pseudonym (see `server/exports/pseudonym.ts`).
 */
export const PSEUDONYM_KEY_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export interface ExportOptions {
	/** Waves in the export, in the project's wave order. */
	waveIds: string[];
	/** Excluded responses are left out unless asked for; then an `excluded` column flags them. */
	includeExcluded: boolean;
	/** Responses of withdrawn respondents likewise, flagged in a `withdrawn` column. */
	includeWithdrawn: boolean;
	/** A `panel_code` column beside the pseudonym (admins only, checked by the server). */
	panelCodes: boolean;
	/** A UTF-8 byte order mark, and formula-looking text made inert, for Excel. */
	bom: boolean;
	/** Language of value labels in the long file and of labels in the syntax files. */
	language: string;
	/** Pseudonym key; required for the data files. */
	key: string | null;
}

/** What the project offers to choose from. */
export interface ExportChoices {
	/** The project's waves in order. */
	waveIds: string[];
	/** The project's languages; the first is the default label language. */
	languages: string[];
}

export interface ExportOptionError {
	code: 'invalid_option' | 'unknown_wave' | 'key_required';
	message: string;
	/** The query parameter at fault. */
	path: string;
}

export type ParsedExportOptions = { ok: true; options: ExportOptions } | { ok: false; error: ExportOptionError };

const FLAGS = { excluded: 'includeExcluded', withdrawn: 'includeWithdrawn', panel_codes: 'panelCodes', bom: 'bom' } as const;

function parseFlag(value: string | null): boolean | undefined {
	if (value === null || value === '' || value === '0' || value === 'false') return false;
	if (value === '1' || value === 'true' || value === 'on') return true;
	return undefined;
}

/** The options of a query string; every wave when none is named. */
export function parseExportOptions(params: URLSearchParams, choices: ExportChoices): ParsedExportOptions {
	const invalid = (path: string, message: string, code: ExportOptionError['code'] = 'invalid_option'): ParsedExportOptions => ({
		ok: false,
		error: { code, message, path }
	});
	const flags: Partial<Record<(typeof FLAGS)[keyof typeof FLAGS], boolean>> = {};
	for (const [param, option] of Object.entries(FLAGS)) {
		const flag = parseFlag(params.get(param));
		if (flag === undefined) return invalid(param, `${param} must be 1 or 0, got '${params.get(param)}'`);
		flags[option] = flag;
	}
	const asked = params.getAll('wave').filter((w) => w !== '');
	const unknown = asked.find((w) => !choices.waveIds.includes(w));
	if (unknown !== undefined) return invalid('wave', `wave '${unknown}' is not a wave of this project`, 'unknown_wave');
	const waveIds = asked.length === 0 ? [...choices.waveIds] : choices.waveIds.filter((w) => asked.includes(w));
	const language = params.get('lang') || choices.languages[0] || 'en';
	if (!choices.languages.includes(language)) {
		return invalid('lang', `lang must be one of the project's languages (${choices.languages.join(', ')}), got '${language}'`);
	}
	const key = params.get('key') || null;
	if (key !== null && !PSEUDONYM_KEY_PATTERN.test(key)) {
		return invalid('key', 'key must be 16 to 64 letters, digits, _ or -');
	}
	return {
		ok: true,
		options: {
			waveIds,
			includeExcluded: flags.includeExcluded ?? false,
			includeWithdrawn: flags.includeWithdrawn ?? false,
			panelCodes: flags.panelCodes ?? false,
			bom: flags.bom ?? false,
			language,
			key
		}
	};
}

/** The error for a data file asked for without a pseudonym key, or undefined when it has one. */
export function missingKey(file: ExportFile, options: ExportOptions): ExportOptionError | undefined {
	if (options.key !== null || !DATA_FILES.includes(file)) return undefined;
	return {
		code: 'key_required',
		path: 'key',
		message:
			'key is required for data files: 16 to 64 letters, digits, _ or -. Files downloaded with the same key show each respondent under the same pseudonym; a new key gives pseudonyms that cannot be linked to earlier files'
	};
}

/** The query string of `options` (waves only when not all of them), for download links. */
export function exportQueryString(options: ExportOptions, choices: ExportChoices): string {
	const params = new URLSearchParams();
	if (options.waveIds.length !== choices.waveIds.length) for (const wave of options.waveIds) params.append('wave', wave);
	for (const [param, option] of Object.entries(FLAGS)) if (options[option]) params.set(param, '1');
	if (options.language !== choices.languages[0]) params.set('lang', options.language);
	if (options.key) params.set('key', options.key);
	return params.toString();
}
