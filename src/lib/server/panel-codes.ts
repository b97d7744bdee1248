/**
 * Panel-code management: finding respondents, merging two codes that turned out to be the same
 * person (reversible), and recording a resident's withdrawal (reversible only with a reason).
 * Every change is audited in its own transaction and bumps the project's data version, because
 * analysis follows merges and leaves withdrawn respondents out.
 *
 * Merges are one level deep: a code is merged into a code that is not itself merged, so the person
 * behind any response is `coalesce(merged_into_id, id)`.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RespondentRow } from './db/schema';
import { formatPanelCode, normalizePanelCode } from '../panel-code';
import { recordAudit } from './audit';
import { bumpDataVersion } from './projects';
import { withWriteRetry } from './db/create-db';
import { nowIso } from './ids';
import { PAGE_SIZE, pageWindow, type Page } from './paging';
import { checkReason } from './review';

export interface RespondentListRow {
	id: string;
	panelCode: string;
	createdAt: string;
	withdrawnAt: string | null;
	withdrawalReason: string | null;
	mergedIntoCode: string | null;
	/** Codes merged into this one. */
	mergedFromCodes: string[];
	/** Responses (excluded ones left out) by wave id. */
	responsesByWave: Record<string, number>;
}

/** One page of the project's respondents whose code contains `query` (dash and case ignored). */
export async function listRespondents(
	db: Kysely<Database>,
	projectId: string,
	query: string,
	requestedPage = 1
): Promise<Page<RespondentListRow>> {
	const needle = normalizePanelCode(query).replace(/[%_\\]/g, '');
	let base = db.selectFrom('respondents').where('respondents.project_id', '=', projectId);
	if (needle) base = base.where((eb) => eb(eb.fn('replace', ['respondents.panel_code', eb.val('-'), eb.val('')]), 'like', `%${needle}%`));
	const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const { page, pageCount, offset } = pageWindow(Number(n), requestedPage);
	const rows = await base
		.leftJoin('respondents as target', 'target.id', 'respondents.merged_into_id')
		.selectAll('respondents')
		.select('target.panel_code as mergedIntoCode')
		.orderBy('respondents.panel_code')
		.limit(PAGE_SIZE)
		.offset(offset)
		.execute();
	const ids = rows.map((r) => r.id);
	const counts =
		ids.length === 0
			? []
			: await db
					.selectFrom('responses')
					.select(['respondent_id', 'wave_id', (eb) => eb.fn.countAll<number>().as('n')])
					.where('respondent_id', 'in', ids)
					.where('excluded', '=', 0)
					.groupBy(['respondent_id', 'wave_id'])
					.execute();
	const mergedFrom =
		ids.length === 0
			? []
			: await db
					.selectFrom('respondents')
					.select(['panel_code', 'merged_into_id'])
					.where('merged_into_id', 'in', ids)
					.orderBy('panel_code')
					.execute();
	return {
		rows: rows.map((r) => ({
			id: r.id,
			panelCode: r.panel_code,
			createdAt: r.created_at,
			withdrawnAt: r.withdrawn_at,
			withdrawalReason: r.withdrawal_reason,
			mergedIntoCode: r.mergedIntoCode,
			mergedFromCodes: mergedFrom.filter((m) => m.merged_into_id === r.id).map((m) => m.panel_code),
			responsesByWave: Object.fromEntries(counts.filter((c) => c.respondent_id === r.id).map((c) => [c.wave_id, Number(c.n)]))
		})),
		total: Number(n),
		page,
		pageCount
	};
}

/** Error codes by form field, turned into messages by the page. */
export type PanelErrors = Partial<Record<'from' | 'into' | 'reason' | 'respondent' | 'overlap', string>>;
export type PanelOutcome = { ok: true } | { ok: false; errors: PanelErrors; overlaps?: MergeOverlap[] };

/** A wave and instrument that both codes of a merge answered (counted responses). */
export interface MergeOverlap {
	waveName: string;
	instrumentKey: string;
}

/**
 * Where both codes have a counted response to the same instrument in the same wave: after the
 * merge that person has two responses there, of which the indicators use the later one.
 * `intoId`'s side includes the codes already merged into it. In wave order, then by instrument.
 */
async function mergeOverlaps(trx: Transaction<Database>, projectId: string, fromId: string, intoId: string): Promise<MergeOverlap[]> {
	const answered = async (person: 'from' | 'into') => {
		const rows = await trx
			.selectFrom('responses')
			.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
			.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
			.innerJoin('waves', 'waves.id', 'responses.wave_id')
			.select(['waves.name as wave_name', 'waves.wave_order', 'instrument_versions.instrument_key'])
			.distinct()
			.where('responses.project_id', '=', projectId)
			.where('responses.excluded', '=', 0)
			.where((eb) =>
				person === 'from'
					? eb('respondents.id', '=', fromId)
					: eb.or([eb('respondents.id', '=', intoId), eb('respondents.merged_into_id', '=', intoId)])
			)
			.execute();
		return new Map(rows.map((row) => [`${row.wave_order}\u0000${row.instrument_key}`, row]));
	};
	const fromSide = await answered('from');
	const intoSide = await answered('into');
	return [...fromSide]
		.filter(([key]) => intoSide.has(key))
		.map(([, row]) => row)
		.sort((a, b) => a.wave_order - b.wave_order || a.instrument_key.localeCompare(b.instrument_key))
		.map((row) => ({ waveName: row.wave_name, instrumentKey: row.instrument_key }));
}

async function findByCode(trx: Transaction<Database>, projectId: string, code: string): Promise<RespondentRow | undefined> {
	const normalized = normalizePanelCode(code);
	if (normalized.length === 0) return undefined;
	return trx
		.selectFrom('respondents')
		.selectAll()
		.where('project_id', '=', projectId)
		.where('panel_code', '=', formatPanelCode(normalized))
		.executeTakeFirst();
}

async function findById(trx: Transaction<Database>, projectId: string, id: string): Promise<RespondentRow | undefined> {
	return trx.selectFrom('respondents').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

function change(db: Kysely<Database>, run: (trx: Transaction<Database>) => Promise<PanelOutcome>): Promise<PanelOutcome> {
	return withWriteRetry(() => db.transaction().execute(run));
}

/**
 * Records that code `from` is the same person as code `into`. When both codes answered the same
 * instrument in the same wave the merge is refused with the overlaps listed, unless
 * `confirmOverlap` says the user has seen them.
 */
export function mergeRespondents(
	db: Kysely<Database>,
	input: { projectId: string; fromCode: string; intoCode: string; reason: string; confirmOverlap?: boolean },
	actor: { userId: string }
): Promise<PanelOutcome> {
	return change(db, async (trx) => {
		const from = await findByCode(trx, input.projectId, input.fromCode);
		const into = await findByCode(trx, input.projectId, input.intoCode);
		const errors: PanelErrors = {};
		if (!from) errors.from = 'not_found';
		else if (from.merged_into_id) errors.from = 'already_merged';
		else if (from.withdrawn_at) errors.from = 'withdrawn';
		if (!into) errors.into = 'not_found';
		else if (into.merged_into_id) errors.into = 'merged';
		else if (from && from.id === into.id) errors.into = 'same';
		const reasonError = checkReason(input.reason);
		if (reasonError) errors.reason = reasonError;
		if (from && !errors.from) {
			const merged = await trx.selectFrom('respondents').select('id').where('merged_into_id', '=', from.id).executeTakeFirst();
			if (merged) errors.from = 'has_merged';
		}
		if (!from || !into || Object.keys(errors).length > 0) return { ok: false, errors };
		const overlaps = await mergeOverlaps(trx, input.projectId, from.id, into.id);
		if (overlaps.length > 0 && !input.confirmOverlap) return { ok: false, errors: { overlap: 'both_answered' }, overlaps };
		await trx.updateTable('respondents').set({ merged_into_id: into.id }).where('id', '=', from.id).execute();
		await audit(trx, input.projectId, actor, 'respondent.merge', from.id, input.reason, {
			before: { panelCode: from.panel_code, mergedInto: null },
			after: {
				panelCode: from.panel_code,
				mergedInto: into.panel_code,
				...(overlaps.length > 0 ? { bothAnswered: overlaps.map((o) => `${o.waveName}: ${o.instrumentKey}`) } : {})
			}
		});
		return { ok: true };
	});
}

/** Undoes a merge: the code is its own person again. */
export function unmergeRespondent(
	db: Kysely<Database>,
	input: { projectId: string; respondentId: string; reason: string },
	actor: { userId: string }
): Promise<PanelOutcome> {
	return change(db, async (trx) => {
		const respondent = await findById(trx, input.projectId, input.respondentId);
		const reasonError = checkReason(input.reason);
		if (!respondent || !respondent.merged_into_id) return { ok: false, errors: { respondent: respondent ? 'not_merged' : 'not_found' } };
		if (reasonError) return { ok: false, errors: { reason: reasonError } };
		const target = await trx
			.selectFrom('respondents')
			.select('panel_code')
			.where('id', '=', respondent.merged_into_id)
			.executeTakeFirstOrThrow();
		await trx.updateTable('respondents').set({ merged_into_id: null }).where('id', '=', respondent.id).execute();
		await audit(trx, input.projectId, actor, 'respondent.unmerge', respondent.id, input.reason, {
			before: { panelCode: respondent.panel_code, mergedInto: target.panel_code },
			after: { panelCode: respondent.panel_code, mergedInto: null }
		});
		return { ok: true };
	});
}

/** Records a resident's withdrawal (`withdraw: true`) or, with a reason, takes it back. */
export function setRespondentWithdrawn(
	db: Kysely<Database>,
	input: { projectId: string; respondentId: string; withdraw: boolean; reason: string },
	actor: { userId: string }
): Promise<PanelOutcome> {
	return change(db, async (trx) => {
		const respondent = await findById(trx, input.projectId, input.respondentId);
		const reasonError = checkReason(input.reason);
		if (!respondent) return { ok: false, errors: { respondent: 'not_found' } };
		if (input.withdraw && respondent.withdrawn_at) return { ok: false, errors: { respondent: 'already_withdrawn' } };
		if (!input.withdraw && !respondent.withdrawn_at) return { ok: false, errors: { respondent: 'not_withdrawn' } };
		// A merged code is not a person of its own: the withdrawal belongs on the code it was merged into.
		if (input.withdraw && respondent.merged_into_id) return { ok: false, errors: { respondent: 'merged' } };
		if (reasonError) return { ok: false, errors: { reason: reasonError } };
		const reason = input.reason.trim();
		const after = input.withdraw ? { withdrawnAt: nowIso(), withdrawalReason: reason } : { withdrawnAt: null, withdrawalReason: null };
		await trx
			.updateTable('respondents')
			.set({ withdrawn_at: after.withdrawnAt, withdrawal_reason: after.withdrawalReason })
			.where('id', '=', respondent.id)
			.execute();
		await audit(trx, input.projectId, actor, input.withdraw ? 'respondent.withdraw' : 'respondent.unwithdraw', respondent.id, reason, {
			before: { panelCode: respondent.panel_code, withdrawnAt: respondent.withdrawn_at, withdrawalReason: respondent.withdrawal_reason },
			after: { panelCode: respondent.panel_code, ...after }
		});
		return { ok: true };
	});
}

async function audit(
	trx: Transaction<Database>,
	projectId: string,
	actor: { userId: string },
	action: string,
	respondentId: string,
	reason: string,
	change: { before: unknown; after: unknown }
): Promise<void> {
	await recordAudit(trx, {
		actorUserId: actor.userId,
		action,
		entityType: 'respondent',
		entityId: respondentId,
		projectId,
		...change,
		reason: reason.trim()
	});
	await bumpDataVersion(trx, projectId);
}
