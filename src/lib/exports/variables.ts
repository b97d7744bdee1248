/**
 * The variables of the wide file, in column order — the one description that the wide and scores
 * files, the codebook and the R, SPSS and Stata syntax all follow:
 *
 * - about the row: project, wave, wave_order, site, arm, respondent (pseudonym), panel_code (only when
 *   an admin asks), responses (the response ids the row is made of), mode, language, excluded and
 *   withdrawn (only when those responses are asked for);
 * - one per item that holds answers, named by its key; a `multi` item becomes one 0/1 variable per
 *   option (`part_types_3`), as REDCap does for checkboxes;
 * - one per scale, `score_<scale>`.
 *
 * An item or scale key that two instruments share, or that clashes with a row variable, is prefixed
 * with its instrument (`demographics_site`). Pure.
 */
import type { Instrument, ItemType, LocalizedText, Scale } from '../instruments/types';
import { isLocale, baseLocale } from '../paraglide/runtime';
import { m } from '../paraglide/messages';
import { isReversed, mergedItems, mergedScales, textIn, type ExportCatalog } from './catalog';
import type { ExportOptions } from './options';
import { assignNames } from './names';

/** How a variable's values are written: `code` and `flag` have value labels. */
export type Storage = 'text' | 'code' | 'number' | 'date' | 'flag';

export interface ValueLabel {
	code: number;
	label: LocalizedText;
	/** "Don't know / refused": a user-missing value in SPSS. */
	missing: boolean;
}

export interface ExportVariable {
	name: string;
	kind: 'row' | 'item' | 'option' | 'score';
	storage: Storage;
	/** In every language of the project. */
	label: LocalizedText;
	values: ValueLabel[];
	/** Name of the value labels (a response scale's key), shared by the variables that use them. */
	valueSet?: string;
	instrument?: string;
	/** Instrument versions that ask the item or have the scale. */
	versions?: string[];
	item?: string;
	itemType?: ItemType;
	/** The option a `multi` item's 0/1 variable stands for. */
	option?: number;
	scale?: string;
	/** Scales the item is scored in. */
	scales: string[];
	reverse: boolean;
	relevance?: string;
	/** How a score is computed, in words (scores only). */
	scoring?: string;
	/** Longest text in characters (text variables). */
	maxLength?: number;
}

type Message = (inputs?: Record<string, never>, options?: { locale?: 'en' | 'zh-Hans' }) => string;

/** A UI message in each of `languages` (languages the UI lacks get the base locale's text). */
export function messageIn(message: Message, languages: string[]): LocalizedText {
	return Object.fromEntries(languages.map((l) => [l, message({}, { locale: isLocale(l) ? l : baseLocale })]));
}

function rowVariable(name: string, storage: Storage, label: Message, languages: string[], values: ValueLabel[] = []): ExportVariable {
	return {
		name,
		kind: 'row',
		storage,
		label: messageIn(label, languages),
		values,
		...(values.length > 0 ? { valueSet: 'no_yes' } : {}),
		scales: [],
		reverse: false
	};
}

function yesNo(languages: string[]): ValueLabel[] {
	return [
		{ code: 0, label: messageIn(m.export_value_no, languages), missing: false },
		{ code: 1, label: messageIn(m.export_value_yes, languages), missing: false }
	];
}

/** The variables describing a row (respondent × wave), in column order. */
export function rowVariables(catalog: ExportCatalog, options: ExportOptions): ExportVariable[] {
	const languages = catalog.project.languages;
	return [
		rowVariable('project', 'text', m.export_var_project, languages),
		rowVariable('wave', 'text', m.export_var_wave, languages),
		rowVariable('wave_order', 'number', m.export_var_wave_order, languages),
		rowVariable('site', 'text', m.export_var_site, languages),
		rowVariable('arm', 'text', m.export_var_arm, languages),
		rowVariable('respondent', 'text', m.export_var_respondent, languages),
		...(options.panelCodes ? [rowVariable('panel_code', 'text', m.export_var_panel_code, languages)] : []),
		rowVariable('responses', 'text', m.export_var_responses, languages),
		rowVariable('mode', 'text', m.export_var_mode, languages),
		rowVariable('language', 'text', m.export_var_language, languages),
		...(options.includeExcluded ? [rowVariable('excluded', 'flag', m.export_var_excluded, languages, yesNo(languages))] : []),
		...(options.includeWithdrawn ? [rowVariable('withdrawn', 'flag', m.export_var_withdrawn, languages, yesNo(languages))] : [])
	];
}

const STORAGE: Record<ItemType, Storage> = {
	likert: 'code',
	single: 'code',
	multi: 'flag',
	number: 'number',
	text: 'text',
	date: 'date',
	info: 'text'
};

function joinLabels(a: LocalizedText, b: LocalizedText, languages: string[]): LocalizedText {
	return Object.fromEntries(languages.map((l) => [l, `${textIn(a, l)}: ${textIn(b, l)}`]));
}

function inLanguages(text: LocalizedText, languages: string[]): LocalizedText {
	return Object.fromEntries(languages.map((l) => [l, textIn(text, l)]));
}

/** How a score is computed, in a notation that needs no translation. */
function describeScoring(scale: Scale, instrument: Instrument): string {
	const parts = [`${scale.method}(${scale.items.join(', ')})`];
	const reversed = scale.items.filter((key) => scale.reverse.includes(key) || instrument.items.find((i) => i.key === key)?.reverse);
	if (reversed.length > 0) parts.push(`reverse(${reversed.join(', ')})`);
	parts.push(`min_answered=${scale.minAnswered}`);
	if (scale.transform) parts.push(`transform=x*${scale.transform.multiply}+${scale.transform.add}`);
	return parts.join('; ');
}

/** The item and score variables of the catalog's instruments, before naming. */
function dataVariables(catalog: ExportCatalog): { variable: Omit<ExportVariable, 'name'>; plain: string; qualified: string }[] {
	const languages = catalog.project.languages;
	const out: { variable: Omit<ExportVariable, 'name'>; plain: string; qualified: string }[] = [];
	for (const instrument of catalog.instruments) {
		const scales = mergedScales(instrument);
		for (const { item, instrument: definition, versions } of mergedItems(instrument)) {
			const responseScale = definition.responseScales.find((s) => s.key === item.scale);
			const options = (responseScale?.options ?? []).map((o) => ({
				code: o.code,
				label: inLanguages(o.label, languages),
				missing: o.missing === true
			}));
			const common = {
				instrument: instrument.key,
				versions,
				item: item.key,
				itemType: item.type,
				scales: scales.filter((s) => s.scale.items.includes(item.key)).map((s) => s.scale.key),
				reverse: isReversed(item, definition),
				...(item.relevance ? { relevance: item.relevance } : {})
			};
			if (item.type === 'multi') {
				for (const option of options) {
					const suffix = option.code < 0 ? `m${-option.code}` : String(option.code);
					out.push({
						plain: `${item.key}_${suffix}`,
						qualified: `${instrument.key}_${item.key}_${suffix}`,
						variable: {
							kind: 'option',
							storage: 'flag',
							label: joinLabels(item.prompt, option.label, languages),
							values: [
								{ code: 0, label: messageIn(m.export_value_not_selected, languages), missing: false },
								{ code: 1, label: messageIn(m.export_value_selected, languages), missing: false }
							],
							valueSet: 'not_selected_selected',
							option: option.code,
							...common
						}
					});
				}
				continue;
			}
			out.push({
				plain: item.key,
				qualified: `${instrument.key}_${item.key}`,
				variable: {
					kind: 'item',
					storage: STORAGE[item.type],
					label: inLanguages(item.prompt, languages),
					values: STORAGE[item.type] === 'code' ? options : [],
					...(STORAGE[item.type] === 'code' && item.scale ? { valueSet: item.scale } : {}),
					...(item.type === 'text' ? { maxLength: item.maxLength ?? 2000 } : {}),
					...common
				}
			});
		}
		for (const { scale, instrument: definition, versions } of scales) {
			out.push({
				plain: `score_${scale.key}`,
				qualified: `score_${instrument.key}_${scale.key}`,
				variable: {
					kind: 'score',
					storage: 'number',
					label: inLanguages(scale.label, languages),
					values: [],
					instrument: instrument.key,
					versions,
					scale: scale.key,
					scales: [scale.key],
					reverse: false,
					scoring: describeScoring(scale, definition)
				}
			});
		}
	}
	return out;
}

/** Every variable of the wide file, in column order. */
export function wideVariables(catalog: ExportCatalog, options: ExportOptions): ExportVariable[] {
	const row = rowVariables(catalog, options);
	const data = dataVariables(catalog);
	const names = assignNames(
		data,
		row.map((v) => v.name)
	);
	return [...row, ...data.map(({ variable }, i) => ({ ...variable, name: names[i]! }))];
}

/** The variables of the scores file: the row variables and the scores. */
export function scoreVariables(variables: ExportVariable[]): ExportVariable[] {
	return variables.filter((v) => v.kind === 'row' || v.kind === 'score');
}
