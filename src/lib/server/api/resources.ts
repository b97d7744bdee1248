/**
 * The JSON API's view of projects, sites, waves and instrument versions: what each endpoint of
 * /api/v1 returns, shaped by one mapper per object so the OpenAPI schemas have one source to match.
 */
import type { Kysely } from 'kysely';
import type { Arm, Database, WaveKind } from '../db/schema';
import type { Instrument, LocalizedText } from '../../instruments/types';
import type { LoadedInstrument } from '../instrument-files';
import type { Project } from '../projects';
import type { Site } from '../sites';
import type { User } from '../users';
import { getInstrumentVersion, listInstrumentVersions, type InstrumentVersion } from '../instruments';
import { listProjectsForUser } from '../members';
import { listSites } from '../sites';
import { listWaves } from '../waves';

export interface ApiProject {
	id: string;
	slug: string;
	name: string;
	description: string;
	languages: string[];
	archived: boolean;
	createdAt: string;
}

export function toApiProject(project: Project): ApiProject {
	const { id, slug, name, description, languages, archived, createdAt } = project;
	return { id, slug, name, description, languages, archived, createdAt };
}

/** The projects the user may open: all for admins, their memberships for others. */
export async function listApiProjects(db: Kysely<Database>, user: Pick<User, 'id' | 'role'>): Promise<ApiProject[]> {
	return (await listProjectsForUser(db, user)).map(toApiProject);
}

export interface ApiSite {
	id: string;
	name: string;
	arm: Arm;
	targetPerWave: number;
	region: string | null;
}

export async function listApiSites(db: Kysely<Database>, projectId: string): Promise<ApiSite[]> {
	return (await listSites(db, projectId)).map(({ id, name, arm, targetPerWave, region }: Site) => ({
		id,
		name,
		arm,
		targetPerWave,
		region
	}));
}

export interface ApiWave {
	id: string;
	name: string;
	kind: WaveKind;
	order: number;
	opensOn: string | null;
	closesOn: string | null;
	/** The instrument versions the wave asks, in the order they are asked. */
	instrumentVersionIds: string[];
}

/** The project's waves in order, each with the instrument versions it asks. */
export async function listApiWaves(db: Kysely<Database>, projectId: string): Promise<ApiWave[]> {
	const [waves, assigned] = await Promise.all([
		listWaves(db, projectId),
		db
			.selectFrom('wave_instruments')
			.innerJoin('waves', 'waves.id', 'wave_instruments.wave_id')
			.select(['wave_instruments.wave_id', 'wave_instruments.instrument_version_id'])
			.where('waves.project_id', '=', projectId)
			.orderBy('wave_instruments.position')
			.execute()
	]);
	return waves.map(({ id, name, kind, order, opensOn, closesOn }) => ({
		id,
		name,
		kind,
		order,
		opensOn,
		closesOn,
		instrumentVersionIds: assigned.filter((a) => a.wave_id === id).map((a) => a.instrument_version_id)
	}));
}

export interface ApiInstrumentVersionSummary {
	id: string;
	key: string;
	version: string;
	title: LocalizedText;
	languages: string[];
	createdAt: string;
	/** This version is the one in the instrument library's files now. */
	current: boolean;
}

export interface ApiInstrumentVersion extends ApiInstrumentVersionSummary {
	/** The validated instrument exactly as stored: items, response scales, scales, metadata. */
	content: Instrument;
}

function toSummary(version: InstrumentVersion, current: Set<string>): ApiInstrumentVersionSummary {
	const { id, key, createdAt, instrument } = version;
	return {
		id,
		key,
		version: version.version,
		title: instrument.title,
		languages: instrument.languages,
		createdAt,
		current: current.has(id)
	};
}

/** Every stored instrument version (or those of one instrument key), without their content. */
export async function listApiInstrumentVersions(
	db: Kysely<Database>,
	library: LoadedInstrument[],
	key?: string
): Promise<ApiInstrumentVersionSummary[]> {
	const current = new Set(library.map((l) => l.hash));
	const versions = await listInstrumentVersions(db);
	return versions.filter((v) => key === undefined || v.key === key).map((v) => toSummary(v, current));
}

export async function getApiInstrumentVersion(
	db: Kysely<Database>,
	library: LoadedInstrument[],
	id: string
): Promise<ApiInstrumentVersion | undefined> {
	const version = await getInstrumentVersion(db, id);
	if (!version) return undefined;
	return { ...toSummary(version, new Set(library.map((l) => l.hash))), content: version.instrument };
}
