/** What one page of API responses needs besides the response rows: answers, scores, audit times. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AnswerValue, Instrument } from '../../instruments/types';
import { answersFromRows } from '../answer-rows';

export interface ApiScore {
	score: number | null;
	raw: number | null;
	prorated: boolean;
	band: string | null;
	answeredItems: number;
	relevantItems: number;
}

export interface PageRow {
	id: string;
	respondent_id: string;
	merged_into_id: string | null;
	instrument_version_id: string;
}

export interface PageDetails {
	answers: Map<string, Record<string, AnswerValue>>;
	scores: Map<string, Record<string, ApiScore>>;
	/** Latest audit time by response or respondent id. */
	changedAt: Map<string, string>;
}

/** Answers, scores and audit times of one page's responses, in four queries whatever the page size. */
export async function readDetails(db: Kysely<Database>, projectId: string, rows: PageRow[]): Promise<PageDetails> {
	const details: PageDetails = { answers: new Map(), scores: new Map(), changedAt: new Map() };
	if (rows.length === 0) return details;
	const ids = rows.map((r) => r.id);
	const people = [...new Set(rows.flatMap((r) => [r.respondent_id, r.merged_into_id ?? r.respondent_id]))];
	const versionIds = [...new Set(rows.map((r) => r.instrument_version_id))];
	const [answerRows, scoreRows, audits, versions] = await Promise.all([
		db.selectFrom('answers').selectAll().where('response_id', 'in', ids).execute(),
		db.selectFrom('scores').selectAll().where('response_id', 'in', ids).execute(),
		db
			.selectFrom('audit_log')
			.select(['entity_id', (eb) => eb.fn.max('at').as('at')])
			.where('project_id', '=', projectId)
			.where((eb) =>
				eb.or([
					eb.and([eb('entity_type', '=', 'response'), eb('entity_id', 'in', ids)]),
					eb.and([eb('entity_type', '=', 'respondent'), eb('entity_id', 'in', people)])
				])
			)
			.groupBy('entity_id')
			.execute(),
		db.selectFrom('instrument_versions').select(['id', 'content']).where('id', 'in', versionIds).execute()
	]);
	const instruments = new Map(versions.map((v) => [v.id, JSON.parse(v.content) as Instrument]));
	const answersOf = new Map<string, typeof answerRows>();
	for (const a of answerRows) {
		const list = answersOf.get(a.response_id);
		if (list) list.push(a);
		else answersOf.set(a.response_id, [a]);
	}
	for (const row of rows) {
		details.answers.set(row.id, answersFromRows(instruments.get(row.instrument_version_id) as Instrument, answersOf.get(row.id) ?? []));
	}
	for (const s of scoreRows) {
		const scores = details.scores.get(s.response_id) ?? {};
		scores[s.scale_key] = {
			score: s.score,
			raw: s.raw,
			prorated: s.prorated === 1,
			band: s.band,
			answeredItems: s.answered_items,
			relevantItems: s.relevant_items
		};
		details.scores.set(s.response_id, scores);
	}
	for (const a of audits) if (a.entity_id !== null && a.at !== null) details.changedAt.set(a.entity_id, String(a.at));
	return details;
}
