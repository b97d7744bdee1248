/**
 * Response review actions: excluding or restoring a response. Nothing is ever deleted: an
 * excluded response stays stored, drops out of analysis, and can be restored; both are audited.
 * Corrections of answers are in `corrections.ts`, the list in `response-list.ts`.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { recordAudit } from './audit';
import { bumpDataVersion } from './projects';
import { withWriteRetry } from './db/create-db';

/** What went wrong with a review action, by form field: codes the page turns into messages. */
export type ReviewErrors = Partial<Record<'reason' | 'value' | 'item' | 'response', string>>;

export type ReviewOutcome = { ok: true } | { ok: false; errors: ReviewErrors; detail?: string };

export const MAX_REASON_LENGTH = 1000;

/** A reason is required for every review change: `required`, `too_long`, or undefined when fine. */
export function checkReason(reason: string): string | undefined {
	if (reason.trim() === '') return 'required';
	if (reason.length > MAX_REASON_LENGTH) return 'too_long';
	return undefined;
}

/**
 * Excludes (`exclude: true`) or restores a response, with the reason, an audit row and a new data
 * version in one transaction. Undefined when the response is not in the project.
 */
export async function setResponseExcluded(
	db: Kysely<Database>,
	input: { projectId: string; responseId: string; exclude: boolean; reason: string },
	actor: { userId: string }
): Promise<ReviewOutcome | undefined> {
	const reasonError = checkReason(input.reason);
	return withWriteRetry(() =>
		db.transaction().execute(async (trx) => {
			const row = await trx
				.selectFrom('responses')
				.select(['excluded', 'excluded_reason'])
				.where('id', '=', input.responseId)
				.where('project_id', '=', input.projectId)
				.executeTakeFirst();
			if (!row) return undefined;
			if (reasonError) return { ok: false, errors: { reason: reasonError } };
			if ((row.excluded === 1) === input.exclude)
				return { ok: false, errors: { response: input.exclude ? 'already_excluded' : 'not_excluded' } };
			const reason = input.reason.trim();
			const after = { excluded: input.exclude, excludedReason: input.exclude ? reason : null };
			await trx
				.updateTable('responses')
				.set({ excluded: input.exclude ? 1 : 0, excluded_reason: after.excludedReason })
				.where('id', '=', input.responseId)
				.execute();
			await recordAudit(trx, {
				actorUserId: actor.userId,
				action: input.exclude ? 'response.exclude' : 'response.restore',
				entityType: 'response',
				entityId: input.responseId,
				projectId: input.projectId,
				before: { excluded: row.excluded === 1, excludedReason: row.excluded_reason },
				after,
				reason
			});
			await bumpDataVersion(trx, input.projectId);
			return { ok: true } as const;
		})
	);
}
