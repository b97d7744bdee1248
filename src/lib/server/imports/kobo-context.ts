/**
 * What a KoboToolbox file is, for a wave: which of the wave's instrument versions its columns fit,
 * where the panel codes, `_uuid` and sites are, and what stops the whole file from being imported.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Instrument } from '../../instruments/types';
import type { CsvTable } from './kobo-csv';
import type { KoboImportInput, KoboReport } from './kobo-import';
import { columnRoles, matchedItemCount, type ColumnRole } from './kobo-rows';

export interface FileContext {
	instrument: Instrument;
	versionId: string;
	roles: ColumnRole[];
	codeIndex: number;
	uuidIndex: number;
	/** The row's site id, or why it has none. */
	siteOf: (cells: string[]) => string | { problem: string };
}

/** Chooses the instrument version and the special columns; reports what stops the whole file. */
export async function fileContext(
	db: Kysely<Database>,
	input: KoboImportInput,
	table: CsvTable,
	report: KoboReport
): Promise<FileContext | undefined> {
	const problem = (message: string) => report.fileProblems.push(message);
	const headers = table.headers;
	const codeIndex = headers.indexOf(input.codeColumn);
	const uuidIndex = headers.findIndex((h) => h.split('/').pop() === '_uuid');
	const siteIndex = input.siteColumn ? headers.indexOf(input.siteColumn) : -1;
	if (codeIndex < 0) problem(`there is no column '${input.codeColumn}' for panel codes (columns: ${headers.join(', ')})`);
	if (uuidIndex < 0) problem('there is no _uuid column; export the data from KoboToolbox as CSV with "XML values and headers"');
	if (input.siteColumn && siteIndex < 0) problem(`there is no column '${input.siteColumn}' for sites`);
	if (!input.siteColumn && !input.siteId) problem('choose the site of the responses, or the column that names it');
	if (table.rows.length === 0) problem('the file has a header but no rows');

	const versions = await db
		.selectFrom('wave_instruments')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'wave_instruments.instrument_version_id')
		.select(['instrument_versions.id', 'instrument_versions.content'])
		.where('wave_instruments.wave_id', '=', input.waveId)
		.orderBy('wave_instruments.position')
		.execute();
	const special = new Set([codeIndex, siteIndex]);
	const scored = versions.map((v) => {
		const instrument = JSON.parse(v.content) as Instrument;
		const roles = columnRoles(headers, instrument, input.names).map((role, i): ColumnRole =>
			special.has(i) ? { kind: 'metadata' } : role
		);
		return { id: v.id, instrument, roles, matched: matchedItemCount(roles) };
	});
	report.candidates = scored.map((s) => ({ versionId: s.id, key: s.instrument.key, version: s.instrument.version, matched: s.matched }));
	const best = Math.max(0, ...scored.map((s) => s.matched));
	const chosen = input.instrumentVersionId
		? scored.find((s) => s.id === input.instrumentVersionId)
		: scored.filter((s) => s.matched === best).length === 1
			? scored.find((s) => s.matched === best)
			: undefined;
	if (versions.length === 0) problem('the wave asks no instrument yet');
	else if (input.instrumentVersionId && !chosen) problem(`instrument version '${input.instrumentVersionId}' is not asked in this wave`);
	else if (best === 0 && !chosen) problem("no column matches an item of the wave's instruments");
	else if (!chosen)
		problem(
			`the columns fit several of the wave's instruments equally well (${report.candidates
				.filter((c) => c.matched === best)
				.map((c) => c.key)
				.join(', ')}); choose one`
		);
	if (!chosen) return undefined;

	report.instrument = {
		versionId: chosen.id,
		key: chosen.instrument.key,
		version: chosen.instrument.version,
		title: chosen.instrument.title
	};
	chosen.roles.forEach((role, i) => {
		const header = headers[i] as string;
		if (role.kind === 'item') report.matchedColumns.push({ header, item: role.key });
		else if (role.kind === 'unknown') report.unknownColumns.push(header);
		else report.metadataColumns.push(header);
	});
	if (report.fileProblems.length > 0) return undefined;

	const sites = await db.selectFrom('sites').select(['id', 'name']).where('project_id', '=', input.projectId).execute();
	if (input.siteId && !input.siteColumn && !sites.some((s) => s.id === input.siteId)) {
		problem('the chosen site is not a site of this project');
		return undefined;
	}
	const byName = new Map(sites.map((s) => [s.name.trim().toLowerCase(), s.id]));
	const siteOf = (cells: string[]): string | { problem: string } => {
		if (!input.siteColumn) return input.siteId as string;
		const name = (cells[siteIndex] ?? '').trim();
		if (name === '') return { problem: `no site in column '${input.siteColumn}'` };
		return byName.get(name.toLowerCase()) ?? { problem: `'${name}' in column '${input.siteColumn}' is not a site of this project` };
	};
	return { instrument: chosen.instrument, versionId: chosen.id, roles: chosen.roles, codeIndex, uuidIndex, siteOf };
}
