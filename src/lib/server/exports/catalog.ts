/**
 * Reads what an export describes (see `$lib/exports/catalog`): the chosen waves, the project's
 * sites, and every instrument version either assigned to those waves or answered in them (a wave's
 * assignment may have changed after it had responses).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Instrument } from '../../instruments/types';
import { compareVersions, type ExportCatalog, type ExportInstrument } from '../../exports/catalog';
import { compareText } from '../../exports/records';
import type { Project } from '../projects';

export async function readExportCatalog(db: Kysely<Database>, project: Project, waveIds: string[]): Promise<ExportCatalog> {
	const waves = (
		await db.selectFrom('waves').select(['id', 'name', 'wave_order']).where('project_id', '=', project.id).orderBy('wave_order').execute()
	)
		.filter((w) => waveIds.includes(w.id))
		.map((w) => ({ id: w.id, name: w.name, order: w.wave_order }));
	const sites = await db.selectFrom('sites').select(['id', 'name', 'arm']).where('project_id', '=', project.id).orderBy('name').execute();
	const ids = waves.map((w) => w.id);
	const assigned =
		ids.length === 0
			? []
			: await db
					.selectFrom('wave_instruments')
					.innerJoin('waves', 'waves.id', 'wave_instruments.wave_id')
					.select('wave_instruments.instrument_version_id as id')
					.where('wave_instruments.wave_id', 'in', ids)
					.orderBy('waves.wave_order')
					.orderBy('wave_instruments.position')
					.execute();
	const answered =
		ids.length === 0
			? []
			: await db
					.selectFrom('responses')
					.select('instrument_version_id as id')
					.distinct()
					.where('project_id', '=', project.id)
					.where('wave_id', 'in', ids)
					.execute();
	const versionIds = [...new Set([...assigned, ...answered].map((r) => r.id))];
	const rows =
		versionIds.length === 0
			? []
			: await db
					.selectFrom('instrument_versions')
					.select(['id', 'instrument_key', 'version', 'content'])
					.where('id', 'in', versionIds)
					.execute();
	const instruments = new Map<string, ExportInstrument>();
	// Asked order: the first wave's positions lead; versions only answered come after, by key.
	const position = (id: string) => {
		const at = versionIds.indexOf(id);
		return at < assigned.length ? at : assigned.length;
	};
	for (const row of [...rows].sort((a, b) => position(a.id) - position(b.id) || compareText(a.instrument_key, b.instrument_key))) {
		const entry = instruments.get(row.instrument_key) ?? { key: row.instrument_key, versions: [] };
		entry.versions.push({ id: row.id, version: row.version, instrument: JSON.parse(row.content) as Instrument });
		instruments.set(row.instrument_key, entry);
	}
	for (const entry of instruments.values()) entry.versions.sort((a, b) => compareVersions(a.version, b.version));
	return {
		project: { id: project.id, slug: project.slug, name: project.name, languages: project.languages },
		waves,
		sites,
		instruments: [...instruments.values()]
	};
}
