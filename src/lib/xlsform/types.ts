/**
 * XLSForm question types → what Anju makes of them. Spelling follows pyxform's aliases
 * (`select_one x`, `select one from x`, `begin group`, `integer`/`int`, …), case-insensitive.
 */
import type { ItemType } from '../instruments/types';

export type SurveyType =
	| { kind: 'question'; itemType: ItemType; list?: string; integer?: boolean; range?: boolean; note?: string }
	| { kind: 'calculate' }
	| { kind: 'begin_group' | 'end_group' | 'begin_repeat' | 'end_repeat' }
	/** Filled in by the data collection app (start time, device id…): nothing to ask. */
	| { kind: 'metadata'; reason: string }
	| { kind: 'unsupported'; reason: string };

const SELECT_ONE = /^(?:select_one|select one from|select one|select1|add select one prompt using)\s+(\S+)(\s+or_other)?$/i;
const SELECT_MULTIPLE =
	/^(?:select_multiple|select multiple from|select multiple|select all that apply from|select all that apply|add select multiple prompt using)\s+(\S+)(\s+or_other)?$/i;

const SIMPLE: Record<string, SurveyType> = {
	integer: { kind: 'question', itemType: 'number', integer: true },
	int: { kind: 'question', itemType: 'number', integer: true },
	decimal: { kind: 'question', itemType: 'number' },
	range: { kind: 'question', itemType: 'number', range: true },
	text: { kind: 'question', itemType: 'text' },
	string: { kind: 'question', itemType: 'text' },
	'phone number': { kind: 'question', itemType: 'text', note: "the digits-only check of 'phone number' is not kept" },
	date: { kind: 'question', itemType: 'date' },
	note: { kind: 'question', itemType: 'info' },
	calculate: { kind: 'calculate' },
	'begin group': { kind: 'begin_group' },
	begin_group: { kind: 'begin_group' },
	'end group': { kind: 'end_group' },
	end_group: { kind: 'end_group' },
	'begin repeat': { kind: 'begin_repeat' },
	begin_repeat: { kind: 'begin_repeat' },
	'begin loop': { kind: 'begin_repeat' },
	begin_loop: { kind: 'begin_repeat' },
	'end repeat': { kind: 'end_repeat' },
	end_repeat: { kind: 'end_repeat' },
	'end loop': { kind: 'end_repeat' },
	end_loop: { kind: 'end_repeat' }
};

const RECORDED_BY_ANJU = 'Anju records start and end times of every response itself';
const NOT_COLLECTED = 'Anju does not collect device or account details';

const METADATA: Record<string, string> = {
	start: RECORDED_BY_ANJU,
	end: RECORDED_BY_ANJU,
	today: RECORDED_BY_ANJU,
	deviceid: NOT_COLLECTED,
	imei: NOT_COLLECTED,
	subscriberid: NOT_COLLECTED,
	simserial: NOT_COLLECTED,
	phonenumber: NOT_COLLECTED,
	username: NOT_COLLECTED,
	email: NOT_COLLECTED,
	audit: 'Anju does not keep an audit of form navigation',
	'start-geopoint': 'Anju does not record locations'
};

const UNSUPPORTED: Record<string, string> = {
	geopoint: 'locations',
	geotrace: 'locations',
	geoshape: 'locations',
	time: 'times of day',
	datetime: 'date-times',
	dateTime: 'date-times',
	image: 'photos',
	photo: 'photos',
	audio: 'audio recordings',
	'background-audio': 'audio recordings',
	video: 'video recordings',
	file: 'file uploads',
	barcode: 'barcodes',
	acknowledge: "'acknowledge' questions",
	trigger: "'trigger' questions",
	hidden: 'hidden questions',
	'xml-external': 'external data',
	'csv-external': 'external data',
	osm: 'OpenStreetMap questions',
	rank: 'ranking questions',
	select_one_external: 'external choice lists',
	select_one_from_file: 'choice lists from files',
	select_multiple_from_file: 'choice lists from files'
};

/** What a `type` cell means for Anju. */
export function classifyType(text: string): SurveyType {
	const type = text.trim().replace(/\s+/g, ' ');
	const lower = type.toLowerCase();
	const simple = SIMPLE[lower];
	if (simple) return simple;
	for (const [pattern, itemType] of [
		[SELECT_ONE, 'single'],
		[SELECT_MULTIPLE, 'multi']
	] as const) {
		const match = pattern.exec(type);
		if (!match) continue;
		if (match[2])
			return { kind: 'unsupported', reason: "'or_other' is not supported; add an 'other' choice and a text question that follows it" };
		return { kind: 'question', itemType, list: match[1] as string };
	}
	if (lower.startsWith('uri:')) return { kind: 'metadata', reason: NOT_COLLECTED };
	if (Object.hasOwn(METADATA, lower)) return { kind: 'metadata', reason: METADATA[lower] as string };
	const head = lower.split(' ')[0] as string;
	const what = UNSUPPORTED[lower] ?? UNSUPPORTED[head];
	return { kind: 'unsupported', reason: what ? `Anju has no ${what}` : 'this type is unknown to Anju' };
}
