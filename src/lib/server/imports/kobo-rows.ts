/**
 * Reading KoboToolbox CSV rows against an instrument, without the database: which column is which
 * item (group paths stripped: `household/hh_size` → `hh_size`), which are Kobo's own metadata, and
 * each row's answers, with one reason per value that cannot be an answer.
 */
import type { Answers, Instrument, Item } from '../../instruments/types';
import { toItemKey } from '../../xlsform/names';

/** KoboToolbox and ODK metadata columns (besides every column whose name starts with `_`). */
const METADATA = new Set([
	'start',
	'end',
	'today',
	'deviceid',
	'subscriberid',
	'simserial',
	'phonenumber',
	'username',
	'email',
	'audit',
	'instanceid',
	'instancename',
	'rootuuid',
	'deprecatedid',
	'uuid'
]);

export type ColumnRole =
	| { kind: 'item'; key: string }
	/** `q/option` columns Kobo adds for each choice of a select_multiple. */
	| { kind: 'option'; key: string; name: string }
	| { kind: 'metadata' }
	| { kind: 'unknown' };

/** Choice names and item names of the XLSForm the data was collected with, when they are not Anju's codes and keys. */
export interface FormNames {
	itemKeys: Record<string, string>;
	choiceCodes: Record<string, Record<string, number>>;
}

function lastSegment(header: string): string {
	return header.split('/').pop()?.trim() ?? '';
}

/** What each column holds for this instrument. */
export function columnRoles(headers: string[], instrument: Instrument, names?: FormNames): ColumnRole[] {
	const items = new Map(instrument.items.map((item) => [item.key, item]));
	const keyOf = (name: string) => names?.itemKeys[name] ?? toItemKey(name);
	return headers.map((header): ColumnRole => {
		const segments = header.split('/');
		const last = lastSegment(header);
		const key = keyOf(last);
		if (key && items.has(key) && !last.startsWith('_')) return { kind: 'item', key };
		const parentKey = segments.length > 1 ? keyOf((segments[segments.length - 2] as string).trim()) : undefined;
		if (parentKey && items.get(parentKey)?.type === 'multi') return { kind: 'option', key: parentKey, name: last };
		const lower = last.toLowerCase();
		if (last.startsWith('_') || METADATA.has(lower) || /^(meta|formhub)\//i.test(header)) return { kind: 'metadata' };
		return { kind: 'unknown' };
	});
}

/** How many columns of the file are items of the instrument. */
export function matchedItemCount(roles: ColumnRole[]): number {
	return roles.filter((r) => r.kind === 'item').length;
}

/** The response code a CSV value stands for: a number, or a choice name of the form. */
function codeOf(value: string, item: Item, instrument: Instrument, names?: FormNames): number | undefined {
	const mapped = names?.choiceCodes[item.key]?.[value];
	if (mapped !== undefined) return mapped;
	if (!/^-?\d+(\.\d+)?$/.test(value)) return undefined;
	const code = Number(value);
	const scale = instrument.responseScales.find((s) => s.key === item.scale);
	return scale?.options.some((o) => o.code === code) ? code : undefined;
}

function codesText(item: Item, instrument: Instrument): string {
	return (instrument.responseScales.find((s) => s.key === item.scale)?.options ?? []).map((o) => o.code).join(', ');
}

/** One row's answers, and a reason for every value that cannot be one. */
export function readAnswers(
	headers: string[],
	roles: ColumnRole[],
	cells: string[],
	instrument: Instrument,
	options: { names?: FormNames; ignoreUnknown: boolean }
): { answers: Answers; problems: string[] } {
	const items = new Map(instrument.items.map((item) => [item.key, item]));
	const answers: Answers = {};
	const problems: string[] = [];
	const wholeColumns = new Set(roles.flatMap((r) => (r.kind === 'item' ? [r.key] : [])));
	const splitChoices = new Map<string, string[]>();

	roles.forEach((role, i) => {
		const value = (cells[i] ?? '').trim();
		if (value === '') return;
		const header = headers[i] as string;
		if (role.kind === 'unknown' && !options.ignoreUnknown)
			problems.push(`column '${header}' matches no item of '${instrument.key}' (value '${value}')`);
		if (role.kind === 'option' && !wholeColumns.has(role.key) && ['1', 'true', 'True', 'TRUE'].includes(value))
			splitChoices.set(role.key, [...(splitChoices.get(role.key) ?? []), role.name]);
		if (role.kind !== 'item') return;
		const item = items.get(role.key) as Item;
		const answer = toAnswer(value, item, instrument, options.names);
		if (typeof answer === 'object' && 'problem' in answer) problems.push(`${header}: ${answer.problem}`);
		else answers[item.key] = answer;
	});
	for (const [key, chosen] of splitChoices) {
		const answer = toAnswer(chosen.join(' '), items.get(key) as Item, instrument, options.names);
		if (typeof answer === 'object' && 'problem' in answer) problems.push(`${key}: ${answer.problem}`);
		else answers[key] = answer;
	}
	return { answers, problems };
}

function toAnswer(value: string, item: Item, instrument: Instrument, names?: FormNames): Answers[string] | { problem: string } {
	const notACode = (name: string) => ({
		problem: `'${name}' is not a response code of '${item.key}' (codes: ${codesText(item, instrument)})${
			/^-?\d+(\.\d+)?$/.test(name) || names ? '' : '; choose the XLSForm the data was collected with to translate choice names'
		}`
	});
	switch (item.type) {
		case 'likert':
		case 'single':
			return codeOf(value, item, instrument, names) ?? notACode(value);
		case 'multi': {
			const codes: number[] = [];
			for (const name of value.split(/\s+/)) {
				const code = codeOf(name, item, instrument, names);
				if (code === undefined) return notACode(name);
				if (!codes.includes(code)) codes.push(code);
			}
			return codes;
		}
		case 'number': {
			const number = Number(value);
			return /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value) && Number.isFinite(number)
				? number
				: { problem: `'${value}' is not a number` };
		}
		case 'info':
			return { problem: `'${item.key}' is a note and takes no answer` };
		default:
			return value;
	}
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** `start`/`end` (ODK, with offset), else Kobo's `_submission_time` (UTC without offset). */
export function timesOf(headers: string[], cells: string[]): { startedAt: string; completedAt: string | null } | { problem: string } {
	const value = (name: string) => {
		const i = headers.findIndex((h) => h.split('/').pop() === name);
		return i < 0 ? '' : (cells[i] ?? '').trim();
	};
	const parse = (name: string, text: string): string | { problem: string } => {
		const date = new Date(LOCAL_TIME.test(text) ? `${text.replace(' ', 'T')}Z` : text);
		return Number.isNaN(date.getTime()) ? { problem: `${name} '${text}' is not a date and time` } : date.toISOString();
	};
	const startName = value('start') ? 'start' : '_submission_time';
	const startText = value(startName);
	if (startText === '') return { problem: 'no start time (start or _submission_time)' };
	const startedAt = parse(startName, startText);
	if (typeof startedAt === 'object') return startedAt;
	const endText = value('end');
	const completedAt = endText ? parse('end', endText) : null;
	if (completedAt && typeof completedAt === 'object') return completedAt;
	return { startedAt, completedAt };
}
