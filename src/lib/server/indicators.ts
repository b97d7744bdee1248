/**
 * A project's indicators, served from a cache keyed by the project's data version.
 *
 * Reading: one pass per project (indicator-rows.ts) gives a compact dataset; the pure engine
 * (src/lib/stats/indicators) computes the set for each filter from it.
 *
 * Cache: an in-process Map, per project, holding the dataset and the sets already computed for
 * each filter. It is valid while the project's `data_version` (bumped by every write to responses,
 * answers, scores, exclusions, merges and withdrawals) and its sites and waves (arm, target, order,
 * names) are unchanged; both are read first on every call, which costs three indexed lookups.
 * A stale entry is replaced, never patched. Good enough for one Node process; several processes
 * (or PostgreSQL replicas) each keep their own, which is correct, only colder. The bounds keep
 * memory small: the 10,000-respondent demo's dataset is about 20 MB.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Instrument } from '../instruments/types';
import { buildCatalog, type Catalog, type CatalogVersion } from '../stats/indicators/catalog';
import { indicatorSetSteps, IndicatorFilterError } from '../stats/indicators/compute';
import { runInSteps } from './event-loop';
import type { IndicatorDataset } from '../stats/indicators/dataset';
import type { IndicatorFilter, IndicatorSet } from '../stats/indicators/types';
import { readIndicatorDataset } from './indicator-rows';

export { IndicatorFilterError };

const MAX_PROJECTS = 4;
const MAX_FILTERS_PER_PROJECT = 32;

interface CacheEntry {
	key: string;
	dataset: Promise<IndicatorDataset>;
	/** Promises, so concurrent loads of one page (layout and page) share one computation. */
	sets: Map<string, Promise<IndicatorSet>>;
}

const cache = new Map<string, CacheEntry>();
/** Instrument versions are immutable (keyed by content hash): parsed once. */
const versionCache = new Map<string, CatalogVersion>();

/** Drops every cached dataset and set (tests and benchmarks measure cold runs with it). */
export function clearIndicatorCache(): void {
	cache.clear();
	versionCache.clear();
}

/** Parses `?site=<site id>&subgroup=<item>:<code>`; `{ error }` names the parameter when malformed. */
export function parseIndicatorFilter(params: URLSearchParams): IndicatorFilter | { error: 'site' | 'subgroup' } {
	const site = params.get('site')?.trim() || null;
	const subgroupText = params.get('subgroup')?.trim() || '';
	if (subgroupText === '') return { siteId: site, subgroup: null };
	const match = /^([A-Za-z_][\w-]*):(-?\d+)$/.exec(subgroupText);
	if (!match) return { error: 'subgroup' };
	return { siteId: site, subgroup: { item: match[1]!, code: Number(match[2]) } };
}

type Shape = NonNullable<Awaited<ReturnType<typeof readShape>>>;

async function readShape(db: Kysely<Database>, projectId: string) {
	const project = await db.selectFrom('projects').select(['slug', 'name', 'data_version']).where('id', '=', projectId).executeTakeFirst();
	if (!project) return undefined;
	const sites = await db
		.selectFrom('sites')
		.select(['id', 'name', 'arm', 'region', 'target_per_wave'])
		.where('project_id', '=', projectId)
		.orderBy('arm', 'desc')
		.orderBy('name')
		.execute();
	const waves = await db.selectFrom('waves').select(['id', 'name', 'kind', 'wave_order']).where('project_id', '=', projectId).execute();
	return {
		project: { slug: project.slug, name: project.name, dataVersion: project.data_version },
		sites: sites.map((s) => ({ id: s.id, name: s.name, arm: s.arm, region: s.region, targetPerWave: s.target_per_wave })),
		waves: waves.map((w) => ({ id: w.id, name: w.name, kind: w.kind, order: w.wave_order }))
	};
}

/**
 * The instrument versions the project's waves ask, plus `extra` ids (versions of responses no wave
 * asks any more, found while reading). Looking up the waves' assignments is cheap; a distinct over
 * every response is not.
 */
async function readVersions(db: Kysely<Database>, projectId: string, extra: readonly string[] = []): Promise<CatalogVersion[]> {
	const assigned = await db
		.selectFrom('wave_instruments')
		.innerJoin('waves', 'waves.id', 'wave_instruments.wave_id')
		.select('wave_instruments.instrument_version_id as id')
		.where('waves.project_id', '=', projectId)
		.distinct()
		.execute();
	const ids = [...new Set([...assigned.map((row) => row.id), ...extra])].sort();
	const missing = ids.filter((id) => !versionCache.has(id));
	if (missing.length > 0) {
		const rows = await db.selectFrom('instrument_versions').select(['id', 'created_at', 'content']).where('id', 'in', missing).execute();
		for (const row of rows)
			versionCache.set(row.id, { id: row.id, createdAt: row.created_at, instrument: JSON.parse(row.content) as Instrument });
	}
	return ids.flatMap((id) => versionCache.get(id) ?? []);
}

/** Reads the dataset, reading once more when responses turn out to use versions no wave asks any more. */
async function readDataset(db: Kysely<Database>, projectId: string, shape: Shape): Promise<IndicatorDataset> {
	let extra: string[] = [];
	for (;;) {
		const catalog = buildCatalog(shape.waves, shape.sites, await readVersions(db, projectId, extra));
		const { dataset, unknownVersions } = await readIndicatorDataset(db, projectId, catalog);
		const fresh = unknownVersions.filter((id) => !extra.includes(id));
		if (fresh.length === 0) return dataset;
		extra = [...extra, ...fresh];
	}
}

/** The catalog the project's dataset is read with: waves, sites, scales and lookup tables. */
export async function readIndicatorCatalog(db: Kysely<Database>, projectId: string): Promise<Catalog | undefined> {
	const shape = await readShape(db, projectId);
	return shape && buildCatalog(shape.waves, shape.sites, await readVersions(db, projectId));
}

/**
 * The project's indicator set inside `filter`, from the cache when the data has not changed.
 * `undefined` when there is no such project; throws IndicatorFilterError for an unknown site or item.
 */
export async function getIndicators(db: Kysely<Database>, projectId: string, filter: IndicatorFilter): Promise<IndicatorSet | undefined> {
	const shape = await readShape(db, projectId);
	if (!shape) return undefined;
	const key = JSON.stringify([shape.project.dataVersion, shape.sites, shape.waves]);
	let entry = cache.get(projectId);
	if (!entry || entry.key !== key) {
		const dataset = readDataset(db, projectId, shape);
		const fresh: CacheEntry = { key, dataset, sets: new Map() };
		// A failed read must not stay cached.
		dataset.catch(() => cache.get(projectId) === fresh && cache.delete(projectId));
		remember(cache, projectId, fresh, MAX_PROJECTS);
		entry = fresh;
	}
	const filterKey = JSON.stringify([filter.siteId, filter.subgroup?.item ?? null, filter.subgroup?.code ?? null]);
	const { sets } = entry;
	const cached = sets.get(filterKey);
	if (cached) return cached;
	const set = entry.dataset.then((dataset) => runInSteps(indicatorSetSteps(dataset, shape.project, filter)));
	// A filter that fails (unknown site or item) is not remembered.
	set.catch(() => sets.get(filterKey) === set && sets.delete(filterKey));
	remember(sets, filterKey, set, MAX_FILTERS_PER_PROJECT);
	return set;
}

/** Sets `key` as the most recent entry, dropping the oldest beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > max) map.delete(map.keys().next().value!);
}
