/**
 * A project's responses for the JSON API, with their answers and scores, page by page in arrival
 * order (`receivedAt`, then `id`) — see `response-query.ts` for the cursor.
 *
 * What "updated" means: responses are never edited in place; a stored response changes only
 * through an audited staff action — an answer corrected, the response excluded or restored, its
 * panel code merged into another or unmerged, its respondent withdrawn or back. So a response's
 * `updatedAt` is the latest of its `receivedAt` and the audit log's times for the response, its
 * own respondent and the respondent it is merged into; `updated_since` filters on that.
 *
 * Pseudonymous: `respondent` is the person's pseudonym under the caller's key, exactly as in
 * exports made with that key (a merged code counts as the person it was merged into); the panel
 * code only for an admin who asks, and that is audited. Excluded responses and those of withdrawn
 * respondents are listed, flagged, unlike in exports: a copy kept in sync must learn that a row it
 * holds has dropped out. A withdrawn respondent's answers and scores are not handed out (`null`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ResponseMode, ResponseStatus } from '../db/schema';
import type { AnswerValue } from '../../instruments/types';
import type { User } from '../users';
import { recordAudit } from '../audit';
import { keyFingerprint, pseudonym } from '../exports/pseudonym';
import { encodeCursor, type QueryProblem, type ResponseQuery } from './response-query';
import { readDetails, type ApiScore } from './response-details';

export interface ApiResponse {
	id: string;
	waveId: string;
	siteId: string;
	instrumentVersionId: string;
	instrumentKey: string;
	respondent: string;
	panelCode?: string;
	mode: ResponseMode;
	language: string;
	status: ResponseStatus;
	consentAt: string | null;
	startedAt: string;
	completedAt: string | null;
	receivedAt: string;
	updatedAt: string;
	excluded: boolean;
	withdrawn: boolean;
	answers: Record<string, AnswerValue> | null;
	scores: Record<string, ApiScore> | null;
}

export interface ApiResponsePage {
	data: ApiResponse[];
	/** Pass as `cursor` for the next page; null on the last page. */
	nextCursor: string | null;
	/** The listing's snapshot time: pass as `updated_since` next time to get only what changed. */
	asOf: string;
}

/** Audit rows of the project about responses or respondents at or after `since`: the ids they name. */
function auditedSince(db: Kysely<Database>, projectId: string, entityType: 'response' | 'respondent', since: string) {
	return db
		.selectFrom('audit_log')
		.select('entity_id')
		.where('project_id', '=', projectId)
		.where('entity_type', '=', entityType)
		.where('at', '>=', since);
}

/**
 * One page of the project's responses; a problem when the wave or site is not the project's, or
 * when anyone but an admin asks for panel codes.
 */
export async function listApiResponses(
	db: Kysely<Database>,
	scope: { projectId: string; viewer: Pick<User, 'id' | 'role'> },
	query: ResponseQuery
): Promise<{ ok: true; page: ApiResponsePage } | { ok: false; problem: QueryProblem }> {
	const { projectId, viewer } = scope;
	const { filter, after, asOf } = query;
	if (query.panelCodes && viewer.role !== 'admin') {
		return {
			ok: false,
			problem: {
				status: 403,
				code: 'panel_codes_forbidden',
				path: 'panel_codes',
				message: 'Only an admin can see panel codes; leave out panel_codes for pseudonyms only'
			}
		};
	}
	for (const [table, id, path] of [
		['waves', filter.waveId, 'wave'],
		['sites', filter.siteId, 'site']
	] as const) {
		if (id === null) continue;
		const found = await db.selectFrom(table).select('id').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
		if (!found) {
			return {
				ok: false,
				problem: { status: 400, code: 'invalid_parameter', path, message: `There is no ${path} '${id}' in this project` }
			};
		}
	}

	let rows = db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.leftJoin('respondents as target', 'target.id', 'respondents.merged_into_id')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
		.where('responses.project_id', '=', projectId)
		.where('responses.received_at', '<', asOf);
	if (filter.waveId) rows = rows.where('responses.wave_id', '=', filter.waveId);
	if (filter.siteId) rows = rows.where('responses.site_id', '=', filter.siteId);
	if (after) {
		rows = rows.where((eb) => eb(eb.refTuple('responses.received_at', 'responses.id'), '>', eb.tuple(after.receivedAt, after.id)));
	}
	const since = filter.updatedSince;
	if (since) {
		rows = rows.where((eb) =>
			eb.or([
				eb('responses.received_at', '>=', since),
				eb('responses.id', 'in', auditedSince(db, projectId, 'response', since)),
				eb('responses.respondent_id', 'in', auditedSince(db, projectId, 'respondent', since)),
				eb('respondents.merged_into_id', 'in', auditedSince(db, projectId, 'respondent', since))
			])
		);
	}
	const page = await rows
		.selectAll('responses')
		.select([
			'respondents.panel_code',
			'respondents.merged_into_id',
			'target.panel_code as target_panel_code',
			sql<number>`(respondents.withdrawn_at is not null or target.withdrawn_at is not null)`.as('withdrawn'),
			'instrument_versions.instrument_key'
		])
		.orderBy('responses.received_at')
		.orderBy('responses.id')
		.limit(query.limit + 1)
		.execute();
	const more = page.length > query.limit;
	const shown = more ? page.slice(0, query.limit) : page;
	const details = await readDetails(db, projectId, shown);

	const data = shown.map((row): ApiResponse => {
		const person = row.merged_into_id ?? row.respondent_id;
		const withdrawn = Number(row.withdrawn) === 1;
		return {
			id: row.id,
			waveId: row.wave_id,
			siteId: row.site_id,
			instrumentVersionId: row.instrument_version_id,
			instrumentKey: row.instrument_key,
			respondent: pseudonym(query.key, projectId, person),
			...(query.panelCodes ? { panelCode: row.target_panel_code ?? row.panel_code } : {}),
			mode: row.mode,
			language: row.language,
			status: row.status,
			consentAt: row.consent_at,
			startedAt: row.started_at,
			completedAt: row.completed_at,
			receivedAt: row.received_at,
			updatedAt: [row.received_at, details.changedAt.get(row.id), details.changedAt.get(row.respondent_id), details.changedAt.get(person)]
				.filter((t): t is string => t !== undefined)
				.reduce((a, b) => (a > b ? a : b)),
			excluded: row.excluded === 1,
			withdrawn,
			answers: withdrawn ? null : (details.answers.get(row.id) ?? {}),
			scores: withdrawn ? null : (details.scores.get(row.id) ?? {})
		};
	});
	if (query.panelCodes) {
		await recordAudit(db, {
			actorUserId: viewer.id,
			action: 'api.responses_with_panel_codes',
			entityType: 'project',
			entityId: projectId,
			projectId,
			after: { responses: data.length, filter, keyFingerprint: keyFingerprint(query.key) }
		});
	}
	const last = shown.at(-1);
	return {
		ok: true,
		page: {
			data,
			nextCursor:
				more && last
					? encodeCursor({ asOf, filter, keyFingerprint: keyFingerprint(query.key), after: { receivedAt: last.received_at, id: last.id } })
					: null,
			asOf
		}
	};
}
