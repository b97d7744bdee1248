/**
 * Correcting an answer after the fact (a mis-tap the interviewer noticed, a typo in a number).
 * The new value is validated against the exact instrument version the response was answered
 * with, the old value is kept in answer_corrections, the response's scores are recomputed, and
 * an audit row records before → after with the reason — all in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database, ScoreTable } from './db/schema';
import type { Answers, Instrument } from '../instruments/types';
import { checkAnswers, checkAnswerValue } from '../instruments/check-answers';
import { relevantItemKeys } from '../instruments/relevance';
import { scoreResponse } from '../instruments/scoring';
import { recordAudit } from './audit';
import { bumpDataVersion } from './projects';
import { withWriteRetry } from './db/create-db';
import { newId, nowIso } from './ids';
import { answerColumns, answersFromRows, parseAnswerInput } from './answer-rows';
import { checkReason, type ReviewOutcome } from './review';

export interface AnswerCorrectionInput {
	projectId: string;
	responseId: string;
	itemKey: string;
	/** The form's values for the item (several for a multi item); none clears the answer. */
	values: string[];
	reason: string;
}

function scoreRows(responseId: string, instrument: Instrument, answers: Answers): ScoreTable[] {
	return scoreResponse(instrument, answers, relevantItemKeys(instrument, answers)).map((s) => ({
		response_id: responseId,
		scale_key: s.scaleKey,
		score: s.score,
		raw: s.raw,
		relevant_items: s.relevantItems,
		answered_items: s.answeredItems,
		prorated: s.prorated ? 1 : 0,
		band: s.band
	}));
}

function scoresByScale(rows: Pick<ScoreTable, 'scale_key' | 'score'>[]): Record<string, number | null> {
	return Object.fromEntries(rows.map((r) => [r.scale_key, r.score]));
}

/** Corrects one answer of a response. Undefined when the response is not in the project. */
export async function correctAnswer(
	db: Kysely<Database>,
	input: AnswerCorrectionInput,
	actor: { userId: string }
): Promise<ReviewOutcome | undefined> {
	return withWriteRetry(() =>
		db.transaction().execute(async (trx): Promise<ReviewOutcome | undefined> => {
			const response = await trx
				.selectFrom('responses')
				.innerJoin('instrument_versions', 'instrument_versions.id', 'responses.instrument_version_id')
				.select(['responses.status', 'instrument_versions.content'])
				.where('responses.id', '=', input.responseId)
				.where('responses.project_id', '=', input.projectId)
				.executeTakeFirst();
			if (!response) return undefined;
			const instrument = JSON.parse(response.content) as Instrument;
			const item = instrument.items.find((i) => i.key === input.itemKey && i.type !== 'info');
			if (!item) return { ok: false, errors: { item: 'unknown' } };
			const reasonError = checkReason(input.reason);
			const value = parseAnswerInput(item, input.values);
			const valueProblem =
				value === undefined ? 'not a value of this type' : value === null ? undefined : checkAnswerValue(instrument, item, value);
			if (reasonError || valueProblem || value === undefined) {
				return { ok: false, errors: { reason: reasonError, value: valueProblem ? 'invalid' : undefined }, detail: valueProblem };
			}

			const stored = await trx.selectFrom('answers').selectAll().where('response_id', '=', input.responseId).execute();
			const answers = answersFromRows(instrument, stored);
			const old = answers[item.key] ?? null;
			if (JSON.stringify(old) === JSON.stringify(value)) return { ok: false, errors: { value: 'unchanged' } };
			const corrected: Answers = { ...answers };
			if (value === null) delete corrected[item.key];
			else corrected[item.key] = value;
			// Refuse only what the correction itself breaks (a later answer now skipped, a required item cleared).
			const complete = response.status === 'complete';
			const known = new Set(checkAnswers(instrument, answers, complete).map((i) => i.message));
			const issues = checkAnswers(instrument, corrected, complete).filter((i) => !known.has(i.message));
			if (issues.length > 0) {
				return { ok: false, errors: { value: 'inconsistent' }, detail: [...new Set(issues.map((i) => i.item))].join(', ') };
			}

			const oldRow = stored.find((r) => r.item_key === item.key);
			const newColumns = value === null ? { value_num: null, value_text: null } : answerColumns(value);
			await trx.deleteFrom('answers').where('response_id', '=', input.responseId).where('item_key', '=', item.key).execute();
			if (value !== null)
				await trx
					.insertInto('answers')
					.values({ response_id: input.responseId, item_key: item.key, ...newColumns })
					.execute();
			const reason = input.reason.trim();
			await trx
				.insertInto('answer_corrections')
				.values({
					id: newId(),
					response_id: input.responseId,
					item_key: item.key,
					old_num: oldRow?.value_num ?? null,
					old_text: oldRow?.value_text ?? null,
					new_num: newColumns.value_num,
					new_text: newColumns.value_text,
					reason,
					user_id: actor.userId,
					at: nowIso()
				})
				.execute();

			const oldScores = await trx.selectFrom('scores').select(['scale_key', 'score']).where('response_id', '=', input.responseId).execute();
			const newScores = scoreRows(input.responseId, instrument, corrected);
			await trx.deleteFrom('scores').where('response_id', '=', input.responseId).execute();
			if (newScores.length > 0) await trx.insertInto('scores').values(newScores).execute();

			await recordAudit(trx, {
				actorUserId: actor.userId,
				action: 'answer.correct',
				entityType: 'response',
				entityId: input.responseId,
				projectId: input.projectId,
				before: { answer: { [item.key]: old }, scores: scoresByScale(oldScores) },
				after: { answer: { [item.key]: value }, scores: scoresByScale(newScores) },
				reason
			});
			await bumpDataVersion(trx, input.projectId);
			return { ok: true };
		})
	);
}
