/**
 * How one answer is stored (long form: `value_num` and/or `value_text`, see AnswerTable) and read
 * back, and how a staff form's text becomes an answer value. Pure.
 */
import type { AnswerValue, Answers, Instrument, Item } from '../instruments/types';

export interface StoredAnswer {
	item_key: string;
	value_num: number | null;
	value_text: string | null;
}

/** The stored columns of one answer; multi answers keep their count and their codes. */
export function answerColumns(value: AnswerValue): { value_num: number | null; value_text: string | null } {
	if (Array.isArray(value)) return { value_num: value.length, value_text: value.join(' ') };
	if (typeof value === 'number') return { value_num: value, value_text: null };
	return { value_num: null, value_text: value };
}

function answerFromColumns(item: Item | undefined, row: StoredAnswer): AnswerValue | undefined {
	switch (item?.type) {
		case 'multi':
			return (row.value_text ?? '').split(' ').filter(Boolean).map(Number);
		case 'text':
		case 'date':
			return row.value_text ?? undefined;
		case undefined:
			return row.value_text ?? row.value_num ?? undefined;
		default:
			return row.value_num ?? undefined;
	}
}

/** Stored answer rows of one response as the answers the player sent. */
export function answersFromRows(instrument: Instrument, rows: StoredAnswer[]): Answers {
	const items = new Map(instrument.items.map((i) => [i.key, i]));
	const answers: Answers = {};
	for (const row of rows) {
		const value = answerFromColumns(items.get(row.item_key), row);
		if (value !== undefined) answers[row.item_key] = value;
	}
	return answers;
}

/**
 * A correction form's values for one item as an answer: `null` clears the answer (no value
 * given), `undefined` means the text is not a value of the item's type at all.
 */
export function parseAnswerInput(item: Item, raw: string[]): AnswerValue | null | undefined {
	const values = raw.map((v) => v.trim()).filter((v) => v !== '');
	if (item.type === 'multi') {
		if (values.length === 0) return null;
		const codes = values.map(Number);
		return codes.every(Number.isFinite) ? codes : undefined;
	}
	if (values.length === 0) return null;
	if (values.length > 1) return undefined;
	const value = values[0] as string;
	if (item.type === 'text') return raw.find((v) => v.trim() !== '') as string;
	if (item.type === 'date') return value;
	const n = Number(value);
	return Number.isFinite(n) ? n : undefined;
}
