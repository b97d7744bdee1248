/**
 * A readable difference between two versions of one instrument: what a reviewer needs to judge
 * whether scores from the two versions can be compared. Pure and isomorphic.
 *
 * Items, response scales, sections and scales are matched by key (options by code, bands by key),
 * so a renamed prompt shows as one changed field rather than a removed and an added item.
 */
import type { Instrument } from './types';

/** One changed leaf: `path` names it (`['prompt', 'en']`, `['options', '9', 'label', 'zh-Hans']`). */
export interface FieldChange {
	path: string[];
	/** Absent (undefined) when the field was added. */
	before: unknown;
	/** Absent (undefined) when the field was removed. */
	after: unknown;
}

export interface EntityDiff {
	key: string;
	kind: 'added' | 'removed' | 'changed';
	/** For `changed` only: the fields that differ. */
	changes: FieldChange[];
}

export interface InstrumentDiff {
	/** Title, intro, languages, metadata. */
	general: FieldChange[];
	sections: EntityDiff[];
	responseScales: EntityDiff[];
	items: EntityDiff[];
	scales: EntityDiff[];
	/** Items present in both versions are asked in another order. */
	itemOrderChanged: boolean;
	/** Nothing differs but possibly the version string. */
	identical: boolean;
}

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field that identifies elements of an array of objects, if they all have one. */
function identityField(values: unknown[]): 'key' | 'code' | 'name' | undefined {
	if (values.length === 0 || !values.every(isPlainObject)) return undefined;
	for (const field of ['key', 'code', 'name'] as const) {
		if ((values as Plain[]).every((v) => typeof v[field] === 'string' || typeof v[field] === 'number')) return field;
	}
	return undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Leaf changes between two JSON values: objects by key, keyed arrays by identity, other arrays whole. */
export function diffValues(before: unknown, after: unknown, path: string[] = []): FieldChange[] {
	if (sameJson(before, after)) return [];
	if (isPlainObject(before) && isPlainObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
		return keys.flatMap((key) => diffValues(before[key], after[key], [...path, key]));
	}
	if (Array.isArray(before) && Array.isArray(after)) {
		const field = identityField([...before, ...after]);
		if (field) {
			return diffKeyed(before as Plain[], after as Plain[], field).flatMap((entity) =>
				entity.kind === 'changed'
					? entity.changes.map((c) => ({ ...c, path: [...path, entity.key, ...c.path] }))
					: [
							{
								path: [...path, entity.key],
								before: byIdentity(before as Plain[], field, entity.key),
								after: byIdentity(after as Plain[], field, entity.key)
							}
						]
			);
		}
	}
	return [{ path, before, after }];
}

function byIdentity(values: Plain[], field: string, id: string): unknown {
	return values.find((v) => String(v[field]) === id);
}

/** Elements matched by `field`, in the order of `after` with removed ones after them. */
function diffKeyed(before: Plain[], after: Plain[], field: string): EntityDiff[] {
	const old = new Map(before.map((v) => [String(v[field]), v]));
	const fresh = new Map(after.map((v) => [String(v[field]), v]));
	const result: EntityDiff[] = [];
	for (const [id, value] of fresh) {
		const previous = old.get(id);
		if (previous === undefined) result.push({ key: id, kind: 'added', changes: [] });
		else {
			const { [field]: _a, ...restBefore } = previous;
			const { [field]: _b, ...restAfter } = value;
			const changes = diffValues(restBefore, restAfter);
			if (changes.length > 0) result.push({ key: id, kind: 'changed', changes });
		}
	}
	for (const id of old.keys()) if (!fresh.has(id)) result.push({ key: id, kind: 'removed', changes: [] });
	return result;
}

/** Whether the keys common to both lists appear in a different order. */
function orderChanged(before: string[], after: string[]): boolean {
	const common = new Set(before.filter((k) => after.includes(k)));
	return !sameJson(
		before.filter((k) => common.has(k)),
		after.filter((k) => common.has(k))
	);
}

/** The difference from `from` to `to` (normally an older and a newer version of one instrument). */
export function diffInstruments(from: Instrument, to: Instrument): InstrumentDiff {
	const general = diffValues(
		{ title: from.title, intro: from.intro, languages: from.languages, metadata: from.metadata },
		{ title: to.title, intro: to.intro, languages: to.languages, metadata: to.metadata }
	);
	const sections = diffKeyed(from.sections as unknown as Plain[], to.sections as unknown as Plain[], 'key');
	const responseScales = diffKeyed(from.responseScales as unknown as Plain[], to.responseScales as unknown as Plain[], 'key');
	const items = diffKeyed(from.items as unknown as Plain[], to.items as unknown as Plain[], 'key');
	const scales = diffKeyed(from.scales as unknown as Plain[], to.scales as unknown as Plain[], 'key');
	const itemOrderChanged = orderChanged(
		from.items.map((i) => i.key),
		to.items.map((i) => i.key)
	);
	const identical = general.length + sections.length + responseScales.length + items.length + scales.length === 0 && !itemOrderChanged;
	return { general, sections, responseScales, items, scales, itemOrderChanged, identical };
}

/** For two lists of plain values (a scale's items, languages): what was added and removed. */
export function listDelta(before: unknown, after: unknown): { added: unknown[]; removed: unknown[] } | undefined {
	if (!Array.isArray(before) || !Array.isArray(after)) return undefined;
	if ([...before, ...after].some((v) => typeof v === 'object' && v !== null)) return undefined;
	return { added: after.filter((v) => !before.includes(v)), removed: before.filter((v) => !after.includes(v)) };
}
