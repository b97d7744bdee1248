/**
 * The wide and scores files: one line per person × wave, holding every instrument the person
 * answered in that wave (not one sparse line per instrument). When a person has two responses to
 * one instrument in a wave — two panel codes later merged, or a repeat visit — the line takes the one
 * that counts, as the indicators do: not excluded first, then the one received last. The `responses`
 * column names the responses a line is made of; the long file has them all. Line breaks inside a
 * text answer become spaces here (see `oneLine`). Pure.
 */
import type { ByteChunks } from './bytes';
import type { ExportCatalog } from './catalog';
import { csvLine, FieldCache, numberField } from './csv';
import type { ExportOptions } from './options';
import { compareText, indexCatalog, sortResponses, type CatalogIndex, type ExportPerson, type ExportResponse } from './records';
import type { ExportVariable } from './variables';

/**
 * A text answer on one line: statistics packages read a line as a case (SPSS cannot read a line
 * break inside a quoted field), so in the wide file line breaks become spaces. The long file keeps
 * the text exactly.
 */
export function oneLine(text: string): string {
	return text.replace(/\r\n|[\r\n]/g, ' ');
}

const key = (...parts: (string | number)[]) => parts.join('\u0000');

/** Whether `a` counts over `b` for the same person, wave and instrument. */
function counts(a: ExportResponse, b: ExportResponse): boolean {
	if (a.excluded !== b.excluded) return !a.excluded;
	return compareText(a.receivedAt, b.receivedAt) > 0 || (a.receivedAt === b.receivedAt && compareText(a.id, b.id) > 0);
}

/** The response of each instrument that fills a person's line for one wave, in instrument order. */
export function countedResponses(responses: ExportResponse[], index: CatalogIndex): ExportResponse[] {
	const chosen = new Map<string, ExportResponse>();
	for (const response of responses) {
		const instrument = index.instrumentOf.get(response.versionId) ?? response.versionId;
		const held = chosen.get(instrument);
		if (!held || counts(response, held)) chosen.set(instrument, response);
	}
	return sortResponses([...chosen.values()], index);
}

export class WideWriter {
	private readonly fields: FieldCache;
	private readonly index: CatalogIndex;
	private readonly column = new Map<string, number>();
	/** The 0/1 columns of each `multi` item, by instrument × item. */
	private readonly optionColumns = new Map<string, number[]>();
	private readonly textColumns = new Set<number>();
	private readonly waves: Map<string, { name: string; order: string }>;
	private readonly sites: Map<string, { name: string; arm: string }>;

	constructor(
		private readonly catalog: ExportCatalog,
		private readonly options: ExportOptions,
		private readonly variables: ExportVariable[]
	) {
		this.fields = new FieldCache(options.bom);
		this.index = indexCatalog(catalog);
		this.waves = new Map(catalog.waves.map((w) => [w.id, { name: this.fields.get(w.name), order: String(w.order) }]));
		this.sites = new Map(catalog.sites.map((s) => [s.id, { name: this.fields.get(s.name), arm: this.fields.get(s.arm) }]));
		variables.forEach((v, i) => {
			if (v.kind === 'row') this.column.set(key('row', v.name), i);
			if (v.kind === 'item') this.column.set(key('item', v.instrument!, v.item!), i);
			if (v.kind === 'option') {
				this.column.set(key('option', v.instrument!, v.item!, v.option!), i);
				const all = this.optionColumns.get(key(v.instrument!, v.item!)) ?? [];
				this.optionColumns.set(key(v.instrument!, v.item!), [...all, i]);
			}
			if (v.kind === 'score') this.column.set(key('score', v.instrument!, v.scale!), i);
			if (v.storage === 'text' || v.storage === 'date') this.textColumns.add(i);
		});
	}

	header(): string {
		return csvLine(this.variables.map((v) => v.name));
	}

	/** One line per wave the person has responses in, in wave order. */
	person(person: ExportPerson, out: ByteChunks): void {
		const byWave = new Map<string, ExportResponse[]>();
		for (const response of person.responses) {
			const list = byWave.get(response.waveId);
			if (list) list.push(response);
			else byWave.set(response.waveId, [response]);
		}
		for (const wave of this.catalog.waves) {
			const responses = byWave.get(wave.id);
			if (responses) out.text(csvLine(this.line(person, countedResponses(responses, this.index))));
		}
	}

	private set(cells: string[], name: string, value: string): void {
		const at = this.column.get(key('row', name));
		if (at !== undefined) cells[at] = value;
	}

	private line(person: ExportPerson, responses: ExportResponse[]): string[] {
		const cells = new Array<string>(this.variables.length).fill('');
		const first = responses[0]!;
		const wave = this.waves.get(first.waveId)!;
		const site = this.sites.get(first.siteId)!;
		const distinct = (pick: (r: ExportResponse) => string) => this.fields.get([...new Set(responses.map(pick))].join(' '));
		this.set(cells, 'project', this.fields.get(this.catalog.project.slug));
		this.set(cells, 'wave', wave.name);
		this.set(cells, 'wave_order', wave.order);
		this.set(cells, 'site', site.name);
		this.set(cells, 'arm', site.arm);
		this.set(cells, 'respondent', this.fields.get(person.pseudonym));
		if (this.options.panelCodes) this.set(cells, 'panel_code', this.fields.once(person.panelCode ?? ''));
		this.set(cells, 'responses', this.fields.once(responses.map((r) => r.id).join(' ')));
		this.set(
			cells,
			'mode',
			distinct((r) => r.mode)
		);
		this.set(
			cells,
			'language',
			distinct((r) => r.language)
		);
		this.set(cells, 'excluded', responses.some((r) => r.excluded) ? '1' : '0');
		this.set(cells, 'withdrawn', responses.some((r) => r.withdrawn) ? '1' : '0');
		for (const response of responses) this.fill(cells, response);
		return cells;
	}

	private fill(cells: string[], response: ExportResponse): void {
		const instrument = this.index.instrumentOf.get(response.versionId) ?? '';
		for (const answer of response.answers) {
			const options = this.optionColumns.get(key(instrument, answer.item_key));
			if (options) {
				for (const at of options) cells[at] = '0';
				for (const code of (answer.value_text ?? '').split(' ').filter(Boolean)) {
					const at = this.column.get(key('option', instrument, answer.item_key, Number(code)));
					if (at !== undefined) cells[at] = '1';
				}
				continue;
			}
			const at = this.column.get(key('item', instrument, answer.item_key));
			if (at === undefined) continue;
			cells[at] = this.textColumns.has(at) ? this.fields.once(oneLine(answer.value_text ?? '')) : numberField(answer.value_num);
		}
		for (const score of response.scores) {
			const at = this.column.get(key('score', instrument, score.scale_key));
			if (at !== undefined) cells[at] = numberField(score.score);
		}
	}
}
