/** One response as the review page shows it: answers read back, scores, corrections, context. */
import type { Kysely } from 'kysely';
import type { Database, ResponseMode, ResponseStatus } from './db/schema';
import type { Answers, Instrument } from '../instruments/types';
import { relevantItemKeys } from '../instruments/relevance';
import { answersFromRows } from './answer-rows';

export interface ReviewScore {
	scaleKey: string;
	score: number | null;
	raw: number | null;
	relevantItems: number;
	answeredItems: number;
	prorated: boolean;
	band: string | null;
}

export interface AnswerCorrection {
	id: string;
	itemKey: string;
	before: Answers[string] | null;
	after: Answers[string] | null;
	reason: string;
	userName: string;
	at: string;
}

export interface ReviewedResponse {
	id: string;
	waveName: string;
	siteName: string;
	panelCode: string;
	/** The respondent, or the code it was merged into, has withdrawn. */
	respondentWithdrawn: boolean;
	mergedIntoCode: string | null;
	instrumentVersionId: string;
	instrument: Instrument;
	mode: ResponseMode;
	language: string;
	consentAt: string | null;
	startedAt: string;
	completedAt: string | null;
	receivedAt: string;
	status: ResponseStatus;
	excluded: boolean;
	excludedReason: string | null;
	kioskName: string | null;
	interviewerName: string | null;
	answers: Answers;
	/** Item keys asked given the answers (the rest were skipped by relevance). */
	relevant: string[];
	scores: ReviewScore[];
	corrections: AnswerCorrection[];
}

/** One response of the project with everything the review page shows, or undefined. */
export async function getResponseForReview(
	db: Kysely<Database>,
	projectId: string,
	responseId: string
): Promise<ReviewedResponse | undefined> {
	const row = await db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.leftJoin('respondents as target', 'target.id', 'respondents.merged_into_id')
		.innerJoin('waves', 'waves.id', 'responses.wave_id')
		.innerJoin('sites', 'sites.id', 'responses.site_id')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
		.leftJoin('kiosks', 'kiosks.id', 'responses.kiosk_id')
		.leftJoin('users', 'users.id', 'responses.interviewer_id')
		.selectAll('responses')
		.select([
			'respondents.panel_code',
			'respondents.withdrawn_at',
			'target.withdrawn_at as targetWithdrawnAt',
			'target.panel_code as mergedIntoCode',
			'waves.name as waveName',
			'sites.name as siteName',
			'instrument_versions.content',
			'kiosks.name as kioskName',
			'users.name as interviewerName'
		])
		.where('responses.id', '=', responseId)
		.where('responses.project_id', '=', projectId)
		.executeTakeFirst();
	if (!row) return undefined;
	const instrument = JSON.parse(row.content) as Instrument;
	const answerRows = await db.selectFrom('answers').selectAll().where('response_id', '=', responseId).execute();
	const answers = answersFromRows(instrument, answerRows);
	const scores = await db.selectFrom('scores').selectAll().where('response_id', '=', responseId).execute();
	const corrections = await db
		.selectFrom('answer_corrections')
		.innerJoin('users', 'users.id', 'answer_corrections.user_id')
		.selectAll('answer_corrections')
		.select('users.name as userName')
		.where('answer_corrections.response_id', '=', responseId)
		.orderBy('answer_corrections.at', 'desc')
		.execute();
	const item = (key: string) => instrument.items.find((i) => i.key === key);
	return {
		id: row.id,
		waveName: row.waveName,
		siteName: row.siteName,
		panelCode: row.panel_code,
		respondentWithdrawn: row.withdrawn_at !== null || row.targetWithdrawnAt !== null,
		mergedIntoCode: row.mergedIntoCode,
		instrumentVersionId: row.instrument_version_id,
		instrument,
		mode: row.mode,
		language: row.language,
		consentAt: row.consent_at,
		startedAt: row.started_at,
		completedAt: row.completed_at,
		receivedAt: row.received_at,
		status: row.status,
		excluded: row.excluded === 1,
		excludedReason: row.excluded_reason,
		kioskName: row.kioskName,
		interviewerName: row.interviewerName,
		answers,
		relevant: [...relevantItemKeys(instrument, answers)],
		scores: instrument.scales.map((scale) => {
			const s = scores.find((x) => x.scale_key === scale.key);
			return {
				scaleKey: scale.key,
				score: s?.score ?? null,
				raw: s?.raw ?? null,
				relevantItems: s?.relevant_items ?? 0,
				answeredItems: s?.answered_items ?? 0,
				prorated: s?.prorated === 1,
				band: s?.band ?? null
			};
		}),
		corrections: corrections.map((c) => {
			const target = item(c.item_key);
			const value = (num: number | null, text: string | null) =>
				target
					? (answersFromRows(instrument, [{ item_key: c.item_key, value_num: num, value_text: text }])[c.item_key] ?? null)
					: (text ?? num);
			return {
				id: c.id,
				itemKey: c.item_key,
				before: value(c.old_num, c.old_text),
				after: value(c.new_num, c.new_text),
				reason: c.reason,
				userName: c.userName,
				at: c.at
			};
		})
	};
}
