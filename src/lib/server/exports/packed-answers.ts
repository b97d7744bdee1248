/**
 * A response's answers packed into one text by the database, and read back. Handing over a
 * million answers as a million row objects costs better-sqlite3 about twice what the query itself
 * does (bench/export.bench.ts); one text per response costs a fraction of that. The packing is
 * `key=number` per answer, separated by spaces, with a `=` at the end when the answer also has text:
 * item keys are `[a-z0-9_]` and numbers print without spaces, so no value can break the format.
 * Texts (free text, dates, a multi answer's codes) come in a second query, for the few responses
 * that have them. `cast(real as text)` prints the shortest text that reads back as the same double
 * (SQLite ≥ 3.43, PostgreSQL ≥ 12), so no digit is lost. Portable: `string_agg`, `||`, `cast`,
 * `coalesce`, `case` (SQLite ≥ 3.44, PostgreSQL).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ExportAnswer } from '../../exports/records';

/** Ids per `in` list: far below the bound parameters SQLite (32,766) and PostgreSQL (65,535) take. */
const IDS_PER_QUERY = 5000;

/** `ids` in lists short enough for one `in`. */
export function idChunks(ids: string[]): string[][] {
	const out: string[][] = [];
	for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(ids.slice(i, i + IDS_PER_QUERY));
	return out;
}

/** The packed answers of the response `responses.id`, or null when it has none. */
export const packedAnswers = sql<
	string | null
>`(select string_agg(a.item_key || '=' || coalesce(cast(a.value_num as text), '') || case when a.value_text is null then '' else '=' end, ' ') from answers a where a.response_id = responses.id)`;

/**
 * The answers of one packed text. Answers with text get `value_text: ''` and are listed in `withText`
 * to be filled by `fillAnswerTexts`.
 */
export function unpackAnswers(packed: string | null, withText: ExportAnswer[]): ExportAnswer[] {
	if (packed === null || packed === '') return [];
	const answers: ExportAnswer[] = [];
	// Scanned in place rather than split: a million answers, no array or string per token.
	for (let start = 0; start < packed.length;) {
		let end = packed.indexOf(' ', start);
		if (end < 0) end = packed.length;
		const equals = packed.indexOf('=', start);
		const hasText = end - 1 > equals && packed.charCodeAt(end - 1) === EQUALS;
		const answer: ExportAnswer = {
			item_key: packed.slice(start, equals),
			value_num: parseNumber(packed, equals + 1, hasText ? end - 1 : end),
			value_text: hasText ? '' : null
		};
		if (hasText) withText.push(answer);
		answers.push(answer);
		start = end + 1;
	}
	return answers;
}

const EQUALS = 61;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/**
 * The number in `text[from, to)`, or null when empty. Whole numbers (`4`, `-2`, `2016.0`, as the
 * database prints codes and counts) are read digit by digit; anything else by `Number`.
 */
export function parseNumber(text: string, from: number, to: number): number | null {
	if (from >= to) return null;
	let at = from;
	const negative = text.charCodeAt(at) === MINUS;
	if (negative) at++;
	let value = 0;
	for (; at < to; at++) {
		const digit = text.charCodeAt(at) - ZERO;
		if (digit < 0 || digit > 9) break;
		value = value * 10 + digit;
	}
	const whole = at === to || (at === to - 2 && text.charCodeAt(at) === DOT && text.charCodeAt(at + 1) === ZERO);
	if (whole && at > from + (negative ? 1 : 0) && value <= Number.MAX_SAFE_INTEGER) return negative ? -value : value;
	return Number(text.slice(from, to));
}

/** Reads the texts of the answers `unpackAnswers` left waiting, by response id. */
export async function fillAnswerTexts(db: Kysely<Database>, waiting: Map<string, ExportAnswer[]>): Promise<void> {
	for (const ids of idChunks([...waiting.keys()])) {
		const rows = await db
			.selectFrom('answers')
			.select(['response_id', 'item_key', 'value_text'])
			.where('response_id', 'in', ids)
			.where('value_text', 'is not', null)
			.execute();
		for (const row of rows) {
			const answer = waiting.get(row.response_id)?.find((a) => a.item_key === row.item_key);
			if (answer) answer.value_text = row.value_text;
		}
	}
}
