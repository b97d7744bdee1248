/**
 * The `anju` sheet: what an instrument has beyond XLSForm — titles in every language, intro,
 * metadata, scoring scales, reverse items, icons, "don't know" codes, section intros, recorded
 * audio — one JSON cell per thing. Anju writes it when exporting and reads it back on import, so a
 * round trip keeps the whole instrument; KoboToolbox and ODK do not read sheets they do not know.
 */
import type { Instrument } from '../instruments/types';
import type { IssueList } from './issues';
import { bodyRows } from './columns';
import type { Sheet, SheetRow } from './sheets';

export const ANJU_SHEET = 'anju';

const HEADER = ['kind', 'key', 'json'];

/** The anju sheet's rows for an instrument. */
export function anjuSheetRows(instrument: Instrument): string[][] {
	const rows: string[][] = [HEADER];
	const add = (kind: string, key: string, value: object) => rows.push([kind, key, JSON.stringify(value)]);
	add('instrument', '', { title: instrument.title, ...(instrument.intro && { intro: instrument.intro }), metadata: instrument.metadata });
	for (const section of instrument.sections) if (section.intro) add('section', section.key, { intro: section.intro });
	for (const scale of instrument.responseScales) {
		for (const option of scale.options) {
			const extra = { ...(option.icon && { icon: option.icon }), ...(option.missing !== undefined && { missing: option.missing }) };
			if (Object.keys(extra).length > 0) add('option', `${scale.key}/${option.code}`, extra);
		}
	}
	for (const item of instrument.items) {
		const extra = { ...(item.reverse && { reverse: true }), ...(item.audio && { audio: item.audio }) };
		if (Object.keys(extra).length > 0) add('item', item.key, extra);
	}
	for (const scale of instrument.scales) add('scale', scale.key, scale);
	return rows;
}

interface Doc {
	sections: { key: string }[];
	responseScales: { key: string; options: { code: number }[] }[];
	items: Record<string, unknown>[];
	scales: unknown[];
}

/**
 * Applies an anju sheet to an instrument document being imported. Returns the sheet row of each
 * scale and of the instrument row, so validation issues can name them.
 */
export function applyAnjuSheet(sheet: Sheet, doc: Doc, issues: IssueList): { scaleRows: number[]; instrumentRow?: number } {
	const scaleRows: number[] = [];
	let instrumentRow: number | undefined;
	for (const row of bodyRows(sheet)) {
		const [kind = '', key = '', json = ''] = row.cells;
		const value = parseJson(json, sheet.name, row, issues);
		if (!value) continue;
		const missing = (what: string) => issues.error(sheet.name, row.row, `${what} '${key}' is not in the form`);
		switch (kind) {
			case 'instrument':
				instrumentRow = row.row;
				Object.assign(doc, pick(value, ['title', 'intro', 'metadata']));
				break;
			case 'section': {
				const section = doc.sections.find((s) => s.key === key);
				if (section) Object.assign(section, pick(value, ['intro']));
				else missing('section');
				break;
			}
			case 'option': {
				const [scaleKey, code] = key.split('/');
				const option = doc.responseScales.find((s) => s.key === scaleKey)?.options.find((o) => String(o.code) === code);
				if (option) Object.assign(option, pick(value, ['icon', 'missing']));
				else missing('choice');
				break;
			}
			case 'item': {
				const item = doc.items.find((i) => i.key === key);
				if (item) Object.assign(item, pick(value, ['reverse', 'audio']));
				else missing('question');
				break;
			}
			case 'scale':
				doc.scales.push(value);
				scaleRows.push(row.row);
				break;
			default:
				issues.error(sheet.name, row.row, `unknown kind '${kind}' (expected instrument, section, option, item or scale)`);
		}
	}
	return { scaleRows, instrumentRow };
}

function parseJson(json: string, sheet: string, row: SheetRow, issues: IssueList): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(json);
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {
		// reported below
	}
	issues.error(sheet, row.row, 'the json column is not a JSON object');
	return undefined;
}

function pick(value: Record<string, unknown>, fields: string[]): Record<string, unknown> {
	return Object.fromEntries(fields.filter((f) => Object.hasOwn(value, f)).map((f) => [f, value[f]]));
}
