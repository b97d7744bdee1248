/**
 * The `settings` sheet: title, form id (→ instrument key), version and default language. Other
 * settings (submission URL, encryption key, style …) mean nothing to Anju and are reported.
 */
import { bodyRows, sheetColumns } from './columns';
import type { IssueList } from './issues';
import { toInstrumentKey } from './names';
import type { Sheet } from './sheets';

export interface FormSettings {
	title?: string;
	formId?: string;
	version?: string;
	defaultLanguage?: string;
}

const USED: Record<string, keyof FormSettings> = {
	form_title: 'title',
	'set form title': 'title',
	form_id: 'formId',
	'set form id': 'formId',
	id_string: 'formId',
	version: 'version',
	default_language: 'defaultLanguage'
};

export function readSettings(sheet: Sheet | undefined, issues: IssueList): FormSettings {
	const settings: FormSettings = {};
	if (!sheet) return settings;
	const row = bodyRows(sheet)[0];
	if (!row) return settings;
	for (const column of sheetColumns(sheet)) {
		const value = row.cells[column.index] ?? '';
		if (value === '') continue;
		const field = USED[column.header.trim().toLowerCase()];
		if (field) settings[field] = value;
		else issues.warning(sheet.name, row.row, `setting '${column.header}' is left out (Anju does not use it)`);
	}
	return settings;
}

const VERSION = /^\d+(\.\d+){0,2}$/;

/** Key and version of the instrument, reporting what had to change. */
export function keyAndVersion(settings: FormSettings, fileName: string | undefined, issues: IssueList): { key: string; version: string } {
	const source = settings.formId ?? fileName ?? '';
	let key = toInstrumentKey(source);
	if (!key) {
		key = 'imported-form';
		issues.warning('settings', undefined, `no form_id to make a key from; the key is '${key}'`);
	} else if (settings.formId && key !== settings.formId) {
		issues.warning('settings', 2, `form_id '${settings.formId}' becomes the key '${key}' (lowercase letters, digits, _ and -)`);
	}
	let version = '1.0.0';
	if (settings.version && VERSION.test(settings.version)) version = settings.version;
	else if (settings.version)
		issues.warning('settings', 2, `version '${settings.version}' is not a version number like 1.2.0; the version is ${version}`);
	return { key, version };
}
