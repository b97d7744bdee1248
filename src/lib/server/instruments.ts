/**
 * Instrument versions in the database. Each distinct content is stored once, under its content
 * hash; the same key + version with different content is refused so that responses always point
 * at the exact questions that were asked.
 */
import type { Kysely } from 'kysely';
import type { Instrument } from '../instruments/types';
import type { Database, InstrumentVersionRow } from './db/schema';
import type { LoadedInstrument } from './instrument-files';
import { actorFields, recordAudit, type Actor } from './audit';
import { nowIso } from './ids';
import { withWriteRetry } from './db/create-db';

export interface InstrumentVersion {
	id: string;
	key: string;
	version: string;
	sourceFile: string;
	createdAt: string;
	instrument: Instrument;
}

export function instrumentVersionRowToVersion(row: InstrumentVersionRow): InstrumentVersion {
	return {
		id: row.id,
		key: row.instrument_key,
		version: row.version,
		sourceFile: row.source_file,
		createdAt: row.created_at,
		instrument: JSON.parse(row.content) as Instrument
	};
}

export class InstrumentVersionConflict extends Error {}

/**
 * Stores every loaded instrument whose content is new. Returns the ids newly stored. Throws
 * InstrumentVersionConflict (storing nothing) when a file changed content but kept its version.
 */
export async function syncInstrumentLibrary(db: Kysely<Database>, loaded: LoadedInstrument[]): Promise<string[]> {
	// Instances starting at once on one PostgreSQL database: the one that loses the insert race runs again and finds the rows stored.
	return withWriteRetry(() => storeNewVersions(db, loaded));
}

function storeNewVersions(db: Kysely<Database>, loaded: LoadedInstrument[]): Promise<string[]> {
	return db.transaction().execute(async (trx) => {
		const stored = await trx.selectFrom('instrument_versions').select(['id', 'instrument_key', 'version']).execute();
		const conflicts: string[] = [];
		const fresh: LoadedInstrument[] = [];
		for (const entry of loaded) {
			const { key, version } = entry.instrument;
			const same = stored.find((s) => s.instrument_key === key && s.version === version);
			if (!same) fresh.push(entry);
			else if (same.id !== entry.hash) {
				conflicts.push(
					`${entry.file}: instrument '${key}' version ${version} is already stored with different content; bump 'version' in the file (e.g. to ${nextVersion(version)}) to record a new version`
				);
			}
		}
		if (conflicts.length > 0) throw new InstrumentVersionConflict(conflicts.join('\n'));
		const now = nowIso();
		for (const entry of fresh) await storeInstrumentVersion(trx, entry, now, { actor: 'system', action: 'instrument_version.store' });
		return fresh.map((f) => f.hash);
	});
}

/** Who brought a version in, for its audit row. */
export interface VersionArrival {
	actor: Actor;
	action: 'instrument_version.store' | 'instrument_version.import';
	/** The library version it replaces, if any. */
	before?: { key: string; version: string; file: string };
}

/**
 * Stores one loaded instrument under its content hash (and its key, the first time) with its audit
 * row, inside the caller's transaction.
 */
export async function storeInstrumentVersion(
	trx: Kysely<Database>,
	entry: LoadedInstrument,
	storedAt: string,
	arrival: VersionArrival
): Promise<void> {
	const { key, version } = entry.instrument;
	await trx
		.insertInto('instruments')
		.values({ key, created_at: storedAt })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	await trx
		.insertInto('instrument_versions')
		.values({
			id: entry.hash,
			instrument_key: key,
			version,
			content: JSON.stringify(entry.instrument),
			source_file: entry.file,
			created_at: storedAt
		})
		.execute();
	await recordAudit(trx, {
		...actorFields(arrival.actor),
		action: arrival.action,
		entityType: 'instrument_version',
		entityId: entry.hash,
		before: arrival.before,
		after: { key, version, file: entry.file }
	});
}

function nextVersion(version: string): string {
	const parts = version.split('.').map(Number);
	parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + 1;
	return parts.join('.');
}

export async function getInstrumentVersion(db: Kysely<Database>, id: string): Promise<InstrumentVersion | undefined> {
	const row = await db.selectFrom('instrument_versions').selectAll().where('id', '=', id).executeTakeFirst();
	return row && instrumentVersionRowToVersion(row);
}

/** Every stored version, newest version of each instrument first. */
export async function listInstrumentVersions(db: Kysely<Database>): Promise<InstrumentVersion[]> {
	const rows = await db.selectFrom('instrument_versions').selectAll().orderBy('instrument_key').orderBy('created_at', 'desc').execute();
	return rows.map(instrumentVersionRowToVersion);
}

export interface InstrumentSummary {
	id: string;
	key: string;
	version: string;
	title: Instrument['title'];
	construct: string;
	follows: string[];
	languages: string[];
	items: number;
	scales: number;
	/** This version is the one in the library files now. */
	current: boolean;
}

/** One row per stored version for the library page, current versions first. */
export async function summarizeInstrumentLibrary(db: Kysely<Database>, library: LoadedInstrument[]): Promise<InstrumentSummary[]> {
	const current = new Set(library.map((l) => l.hash));
	const versions = await listInstrumentVersions(db);
	return versions
		.map(({ id, key, version, instrument }) => ({
			id,
			key,
			version,
			title: instrument.title,
			construct: instrument.metadata.construct,
			follows: instrument.metadata.follows.map((f) => f.name),
			languages: instrument.languages,
			items: instrument.items.filter((i) => i.type !== 'info').length,
			scales: instrument.scales.length,
			current: current.has(id)
		}))
		.sort((a, b) => Number(b.current) - Number(a.current) || a.key.localeCompare(b.key));
}

/** A stored version by id, or the current library version of `key` when no id is given. */
export async function getInstrumentForPage(
	db: Kysely<Database>,
	library: LoadedInstrument[],
	key: string,
	versionId: string | null
): Promise<InstrumentVersion | undefined> {
	const id = versionId ?? library.find((l) => l.instrument.key === key)?.hash;
	if (!id) return undefined;
	const version = await getInstrumentVersion(db, id);
	return version?.key === key ? version : undefined;
}

/** The stored versions of one instrument, newest first (for the version list and the diff page). */
export async function listVersionsOfInstrument(
	db: Kysely<Database>,
	key: string
): Promise<{ id: string; version: string; createdAt: string }[]> {
	const rows = await db
		.selectFrom('instrument_versions')
		.select(['id', 'version', 'created_at'])
		.where('instrument_key', '=', key)
		.orderBy('created_at', 'desc')
		.orderBy('version', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, version: r.version, createdAt: r.created_at }));
}
