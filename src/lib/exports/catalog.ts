/**
 * What an export describes: the project, the chosen waves, the sites and every instrument version
 * asked or answered in those waves. An instrument's items and scales across its versions are merged
 * by key — the newest version that has an item defines it — so that one column holds the same item
 * whichever version a response was answered with. Pure.
 */
import type { Instrument, Item, LanguageTag, LocalizedText, Scale } from '../instruments/types';
import type { Arm } from '../server/db/schema';

export interface ExportVersion {
	/** The version's content hash, as responses store it. */
	id: string;
	version: string;
	instrument: Instrument;
}

export interface ExportInstrument {
	key: string;
	/** Oldest first. */
	versions: ExportVersion[];
}

export interface ExportCatalog {
	project: { id: string; slug: string; name: string; languages: LanguageTag[] };
	/** The chosen waves, in order. */
	waves: { id: string; name: string; order: number }[];
	sites: { id: string; name: string; arm: Arm }[];
	/** In the order they are asked (first wave, then position), then by key. */
	instruments: ExportInstrument[];
}

/** An item as the export describes it: its newest definition and the versions that ask it. */
export interface MergedItem {
	item: Item;
	instrument: Instrument;
	versions: string[];
}

export interface MergedScale {
	scale: Scale;
	instrument: Instrument;
	versions: string[];
}

/** Version numbers in numeric order (`1.10.0` after `1.9.0`). */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

function mergeByKey<T extends { key: string }>(
	versions: ExportVersion[],
	pick: (instrument: Instrument) => T[]
): { entry: T; instrument: Instrument; versions: string[] }[] {
	const merged = new Map<string, { entry: T; instrument: Instrument; versions: string[] }>();
	// Newest first: the first definition seen wins, and the newest version's order leads.
	for (const version of [...versions].reverse()) {
		for (const entry of pick(version.instrument)) {
			const known = merged.get(entry.key);
			if (known) known.versions.unshift(version.version);
			else merged.set(entry.key, { entry, instrument: version.instrument, versions: [version.version] });
		}
	}
	return [...merged.values()];
}

/** The instrument's items that hold answers (not `info`), merged across its versions. */
export function mergedItems(instrument: ExportInstrument): MergedItem[] {
	return mergeByKey(instrument.versions, (i) => i.items.filter((item) => item.type !== 'info')).map(({ entry, ...rest }) => ({
		item: entry,
		...rest
	}));
}

export function mergedScales(instrument: ExportInstrument): MergedScale[] {
	return mergeByKey(instrument.versions, (i) => i.scales).map(({ entry, ...rest }) => ({ scale: entry, ...rest }));
}

/** Text in `language`, else in the instrument's first language that has it. */
export function textIn(text: LocalizedText | undefined, language: string): string {
	if (!text) return '';
	return text[language] ?? Object.values(text)[0] ?? '';
}

/** Whether an item is reverse-coded anywhere: marked itself, or listed in a scale's `reverse`. */
export function isReversed(item: Item, instrument: Instrument): boolean {
	return item.reverse || instrument.scales.some((s) => s.reverse.includes(item.key));
}
