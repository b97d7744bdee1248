/**
 * Localized texts of an XLSForm: which languages the form is written in, and each row's text per
 * language. Columns without a language (`label`, `hint`) belong to the default language. A text
 * missing in one language takes another language's text, and the import reports every row where
 * that happened (one line per sheet, field and language).
 */
import type { LanguageTag, LocalizedText } from '../instruments/types';
import { TRANSLATABLE, type Column } from './columns';
import type { IssueList } from './issues';
import { languageTag } from './languages';
import type { SheetRow } from './sheets';

/** Fields whose text becomes instrument text; media and required messages are handled as columns Anju does not use. */
export const TEXT_FIELDS = new Set(['label', 'hint', 'constraint_message']);

export interface SheetColumns {
	sheet: string;
	columns: Column[];
}

export interface FormLanguages {
	languages: LanguageTag[];
	/** The language of columns without one. */
	defaultLanguage: LanguageTag;
	/** Tag of each translatable column with a language part, by column index per sheet. */
	columnTags: Map<string, Map<number, LanguageTag>>;
}

/**
 * The form's languages: the default language (chosen by the importer, else the settings'
 * `default_language`, else the first language a column names, else `und`), then every language
 * named by a label, hint or constraint message column.
 */
export function formLanguages(
	sheets: SheetColumns[],
	chosen: string | undefined,
	settingsDefault: string | undefined,
	issues: IssueList
): FormLanguages {
	const named: LanguageTag[] = [];
	const columnTags = new Map<string, Map<number, LanguageTag>>();
	let plain = false;
	for (const { sheet, columns } of sheets) {
		const tags = new Map<number, LanguageTag>();
		columnTags.set(sheet, tags);
		for (const column of columns) {
			if (!TRANSLATABLE.has(column.field)) continue;
			if (column.language === undefined) {
				plain ||= TEXT_FIELDS.has(column.field);
				continue;
			}
			const tag = languageTag(column.language);
			if (!tag) {
				issues.error(
					sheet,
					undefined,
					`column '${column.header}': cannot tell which language '${column.language}' is; write it like '${column.field}::${column.language} (xx)' with its language code`
				);
				continue;
			}
			tags.set(column.index, tag);
			if (TEXT_FIELDS.has(column.field) && !named.includes(tag)) named.push(tag);
		}
	}
	const settingsTag = settingsDefault ? languageTag(settingsDefault) : undefined;
	if (settingsDefault && !settingsTag)
		issues.error('settings', 2, `default_language '${settingsDefault}' is not a language code Anju can read`);
	const defaultLanguage = chosen ?? settingsTag ?? named[0] ?? 'und';
	if (plain && !chosen && !settingsTag && named.length === 0)
		issues.warning(
			'settings',
			undefined,
			"no language is named (columns like label::English (en), or default_language in settings): the texts are marked 'und' (undetermined); choose their language before adding"
		);
	const languages = plain || named.includes(defaultLanguage) ? [defaultLanguage, ...named.filter((t) => t !== defaultLanguage)] : named;
	return { languages, defaultLanguage, columnTags };
}

/** Reads localized texts of rows and reports the languages filled in from another language. */
export class TextReader {
	private readonly fallbacks = new Map<string, { sheet: string; field: string; missing: string; used: string; rows: number[] }>();

	constructor(private readonly form: FormLanguages) {}

	/** The text of `field` in each language, or undefined when the row has none in any language. */
	read(sheet: string, columns: Column[], row: SheetRow, field: string): LocalizedText | undefined {
		const tags = this.form.columnTags.get(sheet) ?? new Map<number, LanguageTag>();
		const found: LocalizedText = {};
		for (const column of columns) {
			if (column.field !== field) continue;
			const text = row.cells[column.index] ?? '';
			if (text === '') continue;
			const tag = column.language === undefined ? this.form.defaultLanguage : tags.get(column.index);
			// An explicit `label::English (en)` wins over the plain `label` of the same language.
			if (tag && (found[tag] === undefined || column.language !== undefined)) found[tag] = text;
		}
		const present = this.form.languages.filter((tag) => found[tag] !== undefined);
		if (present.length === 0) return undefined;
		const source = present[0] as string;
		const text: LocalizedText = {};
		for (const tag of this.form.languages) {
			if (found[tag] !== undefined) text[tag] = found[tag];
			else {
				text[tag] = found[source] as string;
				this.noteFallback(sheet, field, tag, source, row.row);
			}
		}
		return text;
	}

	private noteFallback(sheet: string, field: string, missing: string, used: string, row: number): void {
		const key = [sheet, field, missing, used].join('\0');
		const entry = this.fallbacks.get(key) ?? { sheet, field, missing, used, rows: [] };
		entry.rows.push(row);
		this.fallbacks.set(key, entry);
	}

	/** One warning per sheet, field and language that had to be filled in. */
	report(issues: IssueList): void {
		for (const { sheet, field, missing, used, rows } of this.fallbacks.values()) {
			issues.warning(sheet, undefined, `${field} has no '${missing}' text in ${rowList(rows)}; the '${used}' text is used there`);
		}
	}
}

/** `row 4` or `rows 4, 9, 11`. */
export function rowList(rows: number[]): string {
	const sorted = [...new Set(rows)].sort((a, b) => a - b);
	return sorted.length === 1 ? `row ${sorted[0]}` : `rows ${sorted.join(', ')}`;
}
