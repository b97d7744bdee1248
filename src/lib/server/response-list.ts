/** The filterable, paginated list of a project's responses for review. */
import type { Kysely } from 'kysely';
import type { Database, ResponseMode, ResponseStatus } from './db/schema';
import type { Instrument, LocalizedText } from '../instruments/types';
import { nextDay, PAGE_SIZE, pageWindow, parseIsoDate, parsePage, type Page } from './paging';

export interface ResponseFilter {
	waveId?: string;
	siteId?: string;
	status?: ResponseStatus;
	mode?: ResponseMode;
	/** true: only excluded; false: only included; undefined: both. */
	excluded?: boolean;
	/** Started on or after this UTC day (`YYYY-MM-DD`). */
	from?: string;
	/** Started on or before this UTC day. */
	to?: string;
}

/** The filter and page of the responses list's query string; unknown values are ignored. */
export function parseResponseFilter(params: URLSearchParams): { filter: ResponseFilter; page: number } {
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const value = params.get(name);
		return allowed.includes(value as T) ? (value as T) : undefined;
	};
	const excluded = pick('excluded', ['yes', 'no']);
	return {
		filter: {
			waveId: params.get('wave') || undefined,
			siteId: params.get('site') || undefined,
			status: pick('status', ['complete', 'partial']),
			mode: pick('mode', ['kiosk', 'interviewer']),
			excluded: excluded === undefined ? undefined : excluded === 'yes',
			from: parseIsoDate(params.get('from')),
			to: parseIsoDate(params.get('to'))
		},
		page: parsePage(params.get('page'))
	};
}

export interface ResponseListRow {
	id: string;
	panelCode: string;
	/** The respondent, or the code it was merged into, has withdrawn. */
	respondentWithdrawn: boolean;
	waveName: string;
	siteName: string;
	instrumentKey: string;
	instrumentVersion: string;
	instrumentTitle: LocalizedText;
	mode: ResponseMode;
	status: ResponseStatus;
	startedAt: string;
	excluded: boolean;
}

/** One page of the project's responses matching the filter, newest first. */
export async function listResponses(
	db: Kysely<Database>,
	projectId: string,
	filter: ResponseFilter,
	requestedPage = 1
): Promise<Page<ResponseListRow>> {
	let query = db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.leftJoin('respondents as target', 'target.id', 'respondents.merged_into_id')
		.innerJoin('waves', 'waves.id', 'responses.wave_id')
		.innerJoin('sites', 'sites.id', 'responses.site_id')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
		.where('responses.project_id', '=', projectId);
	if (filter.waveId) query = query.where('responses.wave_id', '=', filter.waveId);
	if (filter.siteId) query = query.where('responses.site_id', '=', filter.siteId);
	if (filter.status) query = query.where('responses.status', '=', filter.status);
	if (filter.mode) query = query.where('responses.mode', '=', filter.mode);
	if (filter.excluded !== undefined) query = query.where('responses.excluded', '=', filter.excluded ? 1 : 0);
	if (filter.from) query = query.where('responses.started_at', '>=', filter.from);
	if (filter.to) query = query.where('responses.started_at', '<', nextDay(filter.to));

	const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const { page, pageCount, offset } = pageWindow(Number(n), requestedPage);
	const rows = await query
		.select([
			'responses.id',
			'respondents.panel_code',
			'respondents.withdrawn_at',
			'target.withdrawn_at as targetWithdrawnAt',
			'waves.name as waveName',
			'sites.name as siteName',
			'instrument_versions.id as versionId',
			'instrument_versions.instrument_key',
			'instrument_versions.version',
			'responses.mode',
			'responses.status',
			'responses.started_at',
			'responses.excluded'
		])
		.orderBy('responses.started_at', 'desc')
		.orderBy('responses.id')
		.limit(PAGE_SIZE)
		.offset(offset)
		.execute();
	const titles = await instrumentTitles(db, [...new Set(rows.map((r) => r.versionId))]);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			panelCode: r.panel_code,
			respondentWithdrawn: r.withdrawn_at !== null || r.targetWithdrawnAt !== null,
			waveName: r.waveName,
			siteName: r.siteName,
			instrumentKey: r.instrument_key,
			instrumentVersion: r.version,
			instrumentTitle: titles.get(r.versionId) ?? {},
			mode: r.mode,
			status: r.status,
			startedAt: r.started_at,
			excluded: r.excluded === 1
		})),
		total: Number(n),
		page,
		pageCount
	};
}

async function instrumentTitles(db: Kysely<Database>, versionIds: string[]): Promise<Map<string, LocalizedText>> {
	if (versionIds.length === 0) return new Map();
	const rows = await db.selectFrom('instrument_versions').select(['id', 'content']).where('id', 'in', versionIds).execute();
	return new Map(rows.map((r) => [r.id, (JSON.parse(r.content) as Instrument).title]));
}
