/**
 * XLSForm workbook (as plain sheets) → Anju instrument. Pure: the caller reads the .xlsx file
 * (`workbook.ts`) and writes the YAML (`yaml.ts`). Every problem is reported with its sheet and
 * row; any error refuses the form, and the instrument that comes out has passed Anju's validation.
 */
import type { Instrument, LocalizedText } from '../instruments/types';
import { validateInstrument, type InstrumentIssue } from '../instruments/validate';
import { ANJU_SHEET, applyAnjuSheet } from './anju-sheet';
import { readChoiceLists, type ChoiceList } from './choices';
import { plainColumn, sheetColumns, type Column } from './columns';
import { IssueList, type XlsformIssue } from './issues';
import { languageTag } from './languages';
import { buildForm, type BuiltForm } from './build';
import { keyAndVersion, readSettings } from './settings';
import type { Sheet } from './sheets';
import { readSurvey } from './survey';
import { formLanguages, TextReader } from './texts';
import { reportUnusedColumns } from './unused';

export interface XlsformImportOptions {
	/** The uploaded file's name: the key when the form has no form_id, and noted in the metadata. */
	fileName?: string;
	/** Language of columns without one (`label`, `hint`); else the settings' default_language. */
	language?: string;
}

export interface XlsformImport {
	/** The instrument, when there is no error. */
	instrument?: Instrument;
	issues: XlsformIssue[];
	/** XLSForm name of each imported question → its item key (also when the form is refused). */
	itemKeys: Record<string, string>;
	/** Item key of each choice question → choice name → response code. */
	choiceCodes: Record<string, Record<string, number>>;
}

const KNOWN_SHEETS = ['survey', 'choices', 'settings', ANJU_SHEET];

/** Converts an XLSForm; see the module comment. */
export function xlsformToInstrument(sheets: Sheet[], options: XlsformImportOptions = {}): XlsformImport {
	const issues = new IssueList();
	const refused = (): XlsformImport => ({ issues: sortIssues(issues.all, sheets), itemKeys: {}, choiceCodes: {} });
	const found = findSheets(sheets, issues);
	const survey = found.get('survey');
	if (!survey) {
		issues.error(
			'workbook',
			undefined,
			`the workbook has no 'survey' sheet (its sheets: ${sheets.map((s) => `'${s.name}'`).join(', ') || 'none'})`
		);
		return refused();
	}
	const surveyColumns = sheetColumns(survey);
	for (const field of ['type', 'name']) {
		if (!plainColumn(surveyColumns, field)) issues.error(survey.name, 1, `the survey sheet has no '${field}' column`);
	}
	if (issues.hasErrors) return refused();

	const choices = found.get('choices');
	const choicesColumns = choices ? sheetColumns(choices) : [];
	const settings = readSettings(found.get('settings'), issues);
	const chosen = options.language ? languageTag(options.language) : undefined;
	if (options.language && !chosen) issues.error('workbook', undefined, `'${options.language}' is not a language code like en or zh-Hans`);
	const languages = formLanguages(
		[{ sheet: survey.name, columns: surveyColumns }, ...(choices ? [{ sheet: choices.name, columns: choicesColumns }] : [])],
		chosen,
		settings.defaultLanguage,
		issues
	);
	if (languages.languages.length === 0) {
		// A label column in a language that could not be told is reported already.
		if (!issues.hasErrors) issues.error(survey.name, 1, "the survey sheet has no 'label' column");
		return refused();
	}
	const texts = new TextReader(languages);
	const lists = choices ? readChoiceLists(choices, choicesColumns, texts, issues) : new Map<string, ChoiceList>();
	const entries = readSurvey(survey, surveyColumns, issues);

	const form = buildForm(
		{
			sheet: survey.name,
			columns: surveyColumns,
			texts,
			issues,
			lists,
			choicesSheet: choices?.name ?? 'choices',
			languages: languages.languages
		},
		entries
	);
	reportUnusedColumns(survey.name, surveyColumns, survey.rows.slice(1), (c) => USED_SURVEY.has(c.field) && isTextOrPlain(c), issues);
	if (choices) {
		reportUnusedColumns(choices.name, choicesColumns, choices.rows.slice(1), (c) => USED_CHOICES.has(c.field) && isTextOrPlain(c), issues);
		reportUnusedLists(lists, form, choices.name, issues);
	}
	texts.report(issues);

	const { key, version } = keyAndVersion(settings, options.fileName, issues);
	const title = settings.title ?? settings.formId ?? options.fileName?.replace(/\.xlsx?$/i, '') ?? key;
	const doc = {
		key,
		version,
		languages: languages.languages,
		title: Object.fromEntries(languages.languages.map((tag) => [tag, title])) as LocalizedText,
		metadata: {
			construct: title,
			licence: 'not stated',
			follows: [],
			notes: `Imported from the XLSForm ${options.fileName ? `'${options.fileName}'` : 'workbook'}${settings.formId ? ` (form_id ${settings.formId})` : ''}.`
		},
		responseScales: form.responseScales,
		sections: form.sections,
		items: form.items,
		scales: [] as unknown[]
	};
	const anju = found.get(ANJU_SHEET);
	const extras = anju ? applyAnjuSheet(anju, doc, issues) : { scaleRows: [] };
	const names = { itemKeys: form.itemKeys, choiceCodes: form.choiceCodes };
	if (issues.hasErrors) return { ...refused(), ...names };

	const result = validateInstrument(doc);
	if (!result.ok) {
		for (const issue of result.issues) {
			const where = locate(issue, form, survey.name, choices?.name ?? 'choices', anju?.name, extras);
			issues.error(where.sheet, where.row, `${formatIssuePath(issue.path)}: ${issue.message}`);
		}
		return { ...refused(), ...names };
	}
	return { instrument: result.instrument, issues: sortIssues(issues.all, sheets), itemKeys: form.itemKeys, choiceCodes: form.choiceCodes };
}

/** Errors first, then in workbook order: sheet by sheet, whole-sheet lines before row lines, rows ascending. */
function sortIssues(issues: XlsformIssue[], sheets: Sheet[]): XlsformIssue[] {
	const sheetOrder = (name: string) => (name === 'workbook' ? -1 : sheets.findIndex((s) => s.name === name));
	return [...issues].sort(
		(a, b) =>
			Number(a.severity === 'warning') - Number(b.severity === 'warning') ||
			sheetOrder(a.sheet) - sheetOrder(b.sheet) ||
			(a.row ?? 0) - (b.row ?? 0)
	);
}

const USED_SURVEY = new Set([
	'type',
	'name',
	'label',
	'hint',
	'required',
	'relevant',
	'constraint',
	'constraint_message',
	'calculation',
	'appearance',
	'parameters',
	'choice_filter'
]);
const USED_CHOICES = new Set(['list_name', 'name', 'label']);
const TEXT = new Set(['label', 'hint', 'constraint_message']);
const isTextOrPlain = (column: Column) => column.language === undefined || TEXT.has(column.field);

/** The known sheets by lowercase name; `_`-prefixed sheets are skipped, others reported. */
function findSheets(sheets: Sheet[], issues: IssueList): Map<string, Sheet> {
	const found = new Map<string, Sheet>();
	for (const sheet of sheets) {
		const name = sheet.name.trim().toLowerCase();
		if (name.startsWith('_')) continue;
		if (!KNOWN_SHEETS.includes(name)) {
			issues.warning(sheet.name, undefined, `sheet '${sheet.name}' is not read by Anju (it reads survey, choices and settings)`);
			continue;
		}
		const twin = found.get(name);
		if (twin) issues.error('workbook', undefined, `sheets '${twin.name}' and '${sheet.name}' have the same name`);
		else found.set(name, sheet);
	}
	return found;
}

function reportUnusedLists(lists: Map<string, ChoiceList>, form: BuiltForm, sheet: string, issues: IssueList): void {
	for (const list of lists.values()) {
		if (!form.usedLists.has(list.name))
			issues.warning(sheet, list.choices[0]?.row, `list '${list.name}' is not used by any question and is left out`);
	}
}

/** `items[3].scale` for messages. */
function formatIssuePath(path: (string | number)[]): string {
	return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** The sheet and row a validation issue is about. */
function locate(
	issue: InstrumentIssue,
	form: BuiltForm,
	survey: string,
	choices: string,
	anju: string | undefined,
	extras: { scaleRows: number[]; instrumentRow?: number }
): { sheet: string; row?: number } {
	const [list, index] = issue.path;
	if (typeof index === 'number') {
		if (list === 'items') return { sheet: survey, row: form.itemRows[index] };
		if (list === 'sections') return { sheet: survey, row: form.sectionRows[index] };
		if (list === 'responseScales') return { sheet: choices, row: form.scaleRows[index] };
		if (list === 'scales' && anju) return { sheet: anju, row: extras.scaleRows[index] };
	}
	if (list === 'items') return { sheet: survey };
	if (anju && extras.instrumentRow !== undefined && ['title', 'intro', 'metadata'].includes(String(list)))
		return { sheet: anju, row: extras.instrumentRow };
	return { sheet: 'settings' };
}
