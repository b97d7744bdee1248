/**
 * Anju instrument → XLSForm sheets (survey, choices, settings, plus the `anju` sheet with what
 * XLSForm has no column for). Response codes are the choice names; sections are groups; number,
 * date and length bounds are written as constraints, which the import reads back as bounds.
 */
import type { Instrument, Item, LocalizedText } from '../instruments/types';
import { ANJU_SHEET, anjuSheetRows } from './anju-sheet';
import { languageColumnName } from './languages';
import type { Sheet } from './sheets';
import { toXPath } from './to-xpath';

function table(name: string, rows: string[][]): Sheet {
	return { name, rows: rows.map((cells, i) => ({ row: i + 1, cells })) };
}

const TYPES: Record<Item['type'], (item: Item) => string> = {
	likert: (item) => `select_one ${item.scale}`,
	single: (item) => `select_one ${item.scale}`,
	multi: (item) => `select_multiple ${item.scale}`,
	number: (item) => (item.integer ? 'integer' : 'decimal'),
	text: () => 'text',
	date: () => 'date',
	info: () => 'note'
};

/** The item's constraint with its bounds, as one XPath condition on `.`. */
function constraintOf(item: Item): string {
	const parts: string[] = [];
	if (item.min !== undefined) parts.push(`. >= ${item.min}`);
	if (item.max !== undefined) parts.push(`. <= ${item.max}`);
	if (item.minDate) parts.push(`. >= '${item.minDate}'`);
	if (item.maxDate) parts.push(`. <= '${item.maxDate}'`);
	if (item.maxLength !== undefined) parts.push(`string-length(.) <= ${item.maxLength}`);
	if (item.constraint) {
		const own = toXPath(item.constraint, item.key);
		parts.push(parts.length > 0 && /\bor\b/.test(own) ? `(${own})` : own);
	}
	return parts.join(' and ');
}

/** The sheets of an XLSForm for the instrument. */
export function instrumentToXlsform(instrument: Instrument): Sheet[] {
	const languages = instrument.languages;
	const columns = (field: string) => languages.map((tag) => `${field}::${languageColumnName(tag)}`);
	const texts = (text: LocalizedText | undefined) => languages.map((tag) => text?.[tag] ?? '');

	const survey: string[][] = [
		[
			'type',
			'name',
			...columns('label'),
			...columns('hint'),
			'required',
			'relevant',
			'constraint',
			...columns('constraint_message'),
			'appearance'
		]
	];
	const blank = (
		cells: Partial<Record<'type' | 'name' | 'required' | 'relevant' | 'constraint' | 'appearance', string>>,
		label?: LocalizedText
	) => [
		cells.type ?? '',
		cells.name ?? '',
		...texts(label),
		...texts(undefined),
		cells.required ?? '',
		cells.relevant ?? '',
		cells.constraint ?? '',
		...texts(undefined),
		cells.appearance ?? ''
	];
	let openSection: string | undefined;
	for (const item of instrument.items) {
		if (item.section !== openSection) {
			if (openSection) survey.push(blank({ type: 'end_group' }));
			const section = instrument.sections.find((s) => s.key === item.section);
			if (section) survey.push(blank({ type: 'begin_group', name: section.key }, section.title));
			openSection = item.section;
		}
		survey.push([
			TYPES[item.type](item),
			item.key,
			...texts(item.prompt),
			...texts(item.hint),
			item.required ? 'yes' : '',
			item.relevance ? toXPath(item.relevance) : '',
			constraintOf(item),
			...texts(item.constraint ? item.constraintMessage : undefined),
			item.type === 'likert' ? 'likert' : ''
		]);
	}
	if (openSection) survey.push(blank({ type: 'end_group' }));

	const choices: string[][] = [['list_name', 'name', ...columns('label')]];
	for (const scale of instrument.responseScales) {
		for (const option of scale.options) choices.push([scale.key, String(option.code), ...texts(option.label)]);
	}
	const firstLanguage = languages[0] as string;
	const settings = [
		['form_title', 'form_id', 'version', 'default_language'],
		[instrument.title[firstLanguage] ?? instrument.key, instrument.key, instrument.version, languageColumnName(firstLanguage)]
	];
	return [table('survey', survey), table('choices', choices), table('settings', settings), table(ANJU_SHEET, anjuSheetRows(instrument))];
}
