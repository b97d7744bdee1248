/**
 * The rows an export reads, one person at a time: a person is a respondent together with the panel
 * codes merged into theirs, under one pseudonym. Pure types and ordering.
 */
import type { ExportCatalog } from './catalog';

/** An answer as stored (see AnswerTable): rows are used as read, a million of them cost no copies. */
export interface ExportAnswer {
	item_key: string;
	value_num: number | null;
	value_text: string | null;
}

export interface ExportScore {
	scale_key: string;
	score: number | null;
}

export interface ExportResponse {
	id: string;
	waveId: string;
	siteId: string;
	versionId: string;
	mode: string;
	language: string;
	status: string;
	receivedAt: string;
	excluded: boolean;
	/** The person, or the panel code this response was given under, has withdrawn. */
	withdrawn: boolean;
	answers: ExportAnswer[];
	/** Read for the wide and scores files only. */
	scores: ExportScore[];
}

export interface ExportPerson {
	/** The surviving respondent's id (never written to a file). */
	id: string;
	pseudonym: string;
	/** Only when an admin asked for panel codes. */
	panelCode: string | null;
	responses: ExportResponse[];
}

/** Positions of waves, instruments and versions, for ordering a person's responses. */
export interface CatalogIndex {
	waveOrder: Map<string, number>;
	/** Instrument key by version id. */
	instrumentOf: Map<string, string>;
	/** Position of an instrument key in the catalog. */
	instrumentOrder: Map<string, number>;
}

export function indexCatalog(catalog: ExportCatalog): CatalogIndex {
	return {
		waveOrder: new Map(catalog.waves.map((w, i) => [w.id, i])),
		instrumentOf: new Map(catalog.instruments.flatMap((i) => i.versions.map((v) => [v.id, i.key] as const))),
		instrumentOrder: new Map(catalog.instruments.map((i, n) => [i.key, n]))
	};
}

/** Code-unit order, the same in every locale (ISO timestamps and ids sort as stored). */
export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** A person's responses by wave, then instrument, then when they were received (then id). */
export function sortResponses(responses: ExportResponse[], index: CatalogIndex): ExportResponse[] {
	const position = (r: ExportResponse) => index.instrumentOrder.get(index.instrumentOf.get(r.versionId) ?? '') ?? -1;
	return [...responses].sort(
		(a, b) =>
			(index.waveOrder.get(a.waveId) ?? 0) - (index.waveOrder.get(b.waveId) ?? 0) ||
			position(a) - position(b) ||
			compareText(a.receivedAt, b.receivedAt) ||
			compareText(a.id, b.id)
	);
}
