/** Two stored versions of one instrument side by side, for the library's diff page. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { LocalizedText } from '../instruments/types';
import { diffInstruments, type InstrumentDiff } from '../instruments/diff';
import { getInstrumentVersion, listVersionsOfInstrument } from './instruments';

export interface VersionComparison {
	versions: { id: string; version: string; createdAt: string }[];
	title: LocalizedText;
	from: { id: string; version: string };
	to: { id: string; version: string };
	diff: InstrumentDiff;
	/** Prompts of the items and labels of the scales of both versions (the newer wins), to name what changed. */
	names: Record<string, LocalizedText>;
}

/**
 * Compares `fromId` with `toId` (both versions of `key`); without ids, the previous version with
 * the newest (or with `toId`). Undefined when the instrument or a named version of it does not exist.
 */
export async function compareInstrumentVersions(
	db: Kysely<Database>,
	key: string,
	fromId: string | null,
	toId: string | null
): Promise<VersionComparison | undefined> {
	const versions = await listVersionsOfInstrument(db, key);
	const toVersion = toId ?? versions[0]?.id;
	// Without a "from", the version stored just before "to" (or just after, when "to" is the oldest).
	const at = versions.findIndex((v) => v.id === toVersion);
	const fromVersion = fromId ?? (versions[at + 1] ?? versions[at - 1] ?? versions[at])?.id;
	if (!toVersion || !fromVersion) return undefined;
	const from = await getInstrumentVersion(db, fromVersion);
	const to = await getInstrumentVersion(db, toVersion);
	if (from?.key !== key || to?.key !== key) return undefined;
	const names: Record<string, LocalizedText> = {};
	for (const version of [from, to]) {
		for (const item of version.instrument.items) names[`item:${item.key}`] = item.prompt;
		for (const scale of version.instrument.scales) names[`scale:${scale.key}`] = scale.label;
		for (const section of version.instrument.sections) names[`section:${section.key}`] = section.title;
	}
	return {
		versions,
		title: to.instrument.title,
		from: { id: from.id, version: from.version },
		to: { id: to.id, version: to.version },
		diff: diffInstruments(from.instrument, to.instrument),
		names
	};
}
