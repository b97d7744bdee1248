/**
 * The tidy long file: one line per answer, with where and when it was given, the value as stored
 * (a `multi` answer's codes separated by spaces) and its value label in the export's language,
 * taken from the exact instrument version the response was answered with. A person's answers come
 * together: by wave, instrument, response, then in the order the instrument asks its items. The
 * lines are written as bytes (see bytes.ts): this is the file of a million rows. Pure.
 */
import type { Item } from '../instruments/types';
import { textIn, type ExportCatalog } from './catalog';
import { ByteChunks, COMMA, FieldBytes } from './bytes';
import { csvLine, FieldCache } from './csv';
import type { ExportOptions } from './options';
import {
	compareText,
	indexCatalog,
	sortResponses,
	type CatalogIndex,
	type ExportAnswer,
	type ExportPerson,
	type ExportResponse
} from './records';

export function longColumns(options: ExportOptions): string[] {
	return [
		'project',
		'wave',
		'wave_order',
		'site',
		'arm',
		'respondent',
		...(options.panelCodes ? ['panel_code'] : []),
		'response_id',
		'instrument',
		'version',
		'mode',
		'language',
		'status',
		'item',
		'value',
		'label',
		...(options.includeExcluded ? ['excluded'] : []),
		...(options.includeWithdrawn ? ['withdrawn'] : [])
	];
}

const EMPTY = new Uint8Array(0);
/** Distinct numbers whose text is kept (codes, years, counts repeat); beyond that each is printed again. */
const NUMBERS_KEPT = 10_000;
const encoder = new TextEncoder();

interface ItemFields {
	/** Where the version asks it; answers to items the version lacks (a stored answer outlived a change) come last. */
	position: number;
	/** The key and the comma after it. */
	key: Uint8Array;
	item: Item | undefined;
	/** Value labels in the export's language, as text and encoded. */
	texts: Map<number, string>;
	labels: Map<number, Uint8Array>;
}

interface VersionFields {
	/** `,instrument,version,` — mode, language and status follow. */
	name: string;
	items: Map<string, ItemFields>;
	/** Items by position, for placing a response's answers in order. */
	size: number;
}

/** Writes the long file a person at a time; every repeating field is encoded once. */
export class LongWriter {
	private readonly fields: FieldCache;
	private readonly bytes: FieldBytes;
	private readonly index: CatalogIndex;
	private readonly versions = new Map<string, VersionFields>();
	private readonly waves: Map<string, string>;
	private readonly sites: Map<string, string>;
	/** Encoded text between the response id and the answer, by version × mode × language × status. */
	private readonly middles = new Map<string, Uint8Array>();
	/** The flag columns and the line end, by flags. */
	private readonly ends = new Map<string, Uint8Array>();
	private readonly numbers = new Map<number, string>();

	constructor(
		catalog: ExportCatalog,
		private readonly options: ExportOptions
	) {
		this.fields = new FieldCache(options.bom);
		this.bytes = new FieldBytes(options.bom);
		this.index = indexCatalog(catalog);
		const project = this.fields.get(catalog.project.slug);
		this.waves = new Map(catalog.waves.map((w) => [w.id, `${project},${this.fields.get(w.name)},${w.order}`]));
		this.sites = new Map(catalog.sites.map((s) => [s.id, `${this.fields.get(s.name)},${this.fields.get(s.arm)}`]));
		for (const instrument of catalog.instruments) {
			for (const { id, version, instrument: content } of instrument.versions) {
				const items = content.items.map((item, position): [string, ItemFields] => {
					const options = content.responseScales.find((s) => s.key === item.scale)?.options ?? [];
					const texts = new Map(options.map((o) => [o.code, textIn(o.label, this.options.language)]));
					const labels = new Map([...texts].map(([code, text]) => [code, this.bytes.get(text)]));
					return [item.key, { position, key: encoder.encode(`${this.fields.get(item.key)},`), item, texts, labels }];
				});
				this.versions.set(id, {
					name: `,${this.fields.get(instrument.key)},${this.fields.get(version)},`,
					items: new Map(items),
					size: items.length
				});
			}
		}
	}

	header(): string {
		return csvLine(longColumns(this.options));
	}

	/** Every line of one person's answers. */
	person(person: ExportPerson, out: ByteChunks): void {
		const who = `${this.fields.get(person.pseudonym)}${this.options.panelCodes ? `,${this.fields.once(person.panelCode ?? '')}` : ''},`;
		const heads = new Map<string, Uint8Array>();
		for (const response of sortResponses(person.responses, this.index)) {
			const version = this.versions.get(response.versionId);
			if (!version) throw new Error(`response ${response.id}: instrument version ${response.versionId} is not in the export's catalog`);
			const place = `${response.waveId} ${response.siteId}`;
			let head = heads.get(place);
			if (!head) heads.set(place, (head = encoder.encode(`${this.waves.get(response.waveId)},${this.sites.get(response.siteId)},${who}`)));
			const id = this.fields.id(response.id);
			const middle = this.middle(response, version);
			const end = this.end(response);
			for (const answer of this.orderedAnswers(response, version)) {
				const item = version.items.get(answer.item_key)!;
				out.bytes(head);
				out.text(id);
				out.bytes(middle);
				out.bytes(item.key);
				this.value(answer, item, out);
				out.byte(COMMA);
				out.bytes(this.label(answer, item));
				out.bytes(end);
			}
		}
	}

	private middle(response: ExportResponse, version: VersionFields): Uint8Array {
		const key = `${response.versionId} ${response.mode} ${response.language} ${response.status}`;
		let middle = this.middles.get(key);
		if (!middle) {
			const text = `${version.name}${this.fields.get(response.mode)},${this.fields.get(response.language)},${this.fields.get(response.status)},`;
			this.middles.set(key, (middle = encoder.encode(text)));
		}
		return middle;
	}

	/** The flag columns (`,0,1` or nothing) and the line end. */
	private end(response: ExportResponse): Uint8Array {
		let text = '';
		if (this.options.includeExcluded) text += response.excluded ? ',1' : ',0';
		if (this.options.includeWithdrawn) text += response.withdrawn ? ',1' : ',0';
		let bytes = this.ends.get(text);
		if (!bytes) this.ends.set(text, (bytes = encoder.encode(`${text}\r\n`)));
		return bytes;
	}

	/** The response's answers in the order its version asks the items; unknown items last, by key. */
	private orderedAnswers(response: ExportResponse, version: VersionFields): ExportAnswer[] {
		const placed: (ExportAnswer | undefined)[] = new Array(version.size);
		const unknown: ExportAnswer[] = [];
		for (const answer of response.answers) {
			const item = version.items.get(answer.item_key);
			if (item && item.position < version.size) placed[item.position] = answer;
			else unknown.push(answer);
		}
		const ordered = placed.filter((a): a is ExportAnswer => a !== undefined);
		if (unknown.length === 0) return ordered;
		for (const answer of unknown) {
			if (!version.items.has(answer.item_key)) {
				version.items.set(answer.item_key, {
					position: Number.MAX_SAFE_INTEGER,
					key: encoder.encode(`${this.fields.get(answer.item_key)},`),
					item: undefined,
					texts: new Map(),
					labels: new Map()
				});
			}
		}
		return [...ordered, ...unknown.sort((a, b) => compareText(a.item_key, b.item_key))];
	}

	private value(answer: ExportAnswer, item: ItemFields, out: ByteChunks): void {
		if (answer.value_text !== null) {
			// Codes of a multi answer repeat; free text does not.
			out.bytes(item.item?.type === 'multi' ? this.bytes.get(answer.value_text) : this.bytes.once(answer.value_text));
		} else if (answer.value_num !== null) {
			let text = this.numbers.get(answer.value_num);
			if (text === undefined) {
				text = String(answer.value_num);
				if (this.numbers.size < NUMBERS_KEPT) this.numbers.set(answer.value_num, text);
			}
			out.ascii(text);
		}
	}

	private label(answer: ExportAnswer, item: ItemFields): Uint8Array {
		if (item.labels.size === 0) return EMPTY;
		if (item.item?.type === 'multi') {
			const codes = (answer.value_text ?? '').split(' ').filter(Boolean).map(Number);
			return this.bytes.get(codes.map((c) => item.texts.get(c) ?? '').join('; '));
		}
		return (answer.value_num === null ? undefined : item.labels.get(answer.value_num)) ?? EMPTY;
	}
}
