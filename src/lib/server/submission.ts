/**
 * The submission envelope (what a player posts) and its pure preparation into rows:
 * validation against the exact instrument version, long-form answers and scores.
 */
import { z } from 'zod';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { Answers, Instrument } from '../instruments/types';
import { checkAnswers } from '../instruments/check-answers';
import { relevantItemKeys } from '../instruments/relevance';
import { scoreResponse } from '../instruments/scoring';
import { isValidPanelCode, normalizePanelCode, formatPanelCode } from '../panel-code';
import type { Insertable } from 'kysely';
import type { AnswerTable, ResponseTable, ScoreTable } from './db/schema';

// Offsets are accepted and stored as UTC: every stored timestamp is ISO-8601 UTC, so text order is time order.
const isoTimestamp = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp' }).transform((v) => new Date(v).toISOString());

/** How a JSON value that is no answer reads in a message. */
function describeValue(value: unknown): string {
	if (value === null) return 'null (leave out an item that has no answer)';
	if (typeof value === 'number') return `${value}, a number too large to hold (JSON numbers like 1e999 overflow)`;
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Why a value cannot be an answer at all, whatever the item: an answer is a finite number, a text
 * or a list of numeric codes. What each item accepts is checked against the instrument later.
 */
function answerShapeProblem(value: unknown): string {
	if (typeof value === 'number') return `must be a finite number, not ${describeValue(value)}`;
	if (Array.isArray(value)) {
		if (value.length > 1000) return 'has more than 1000 codes';
		const bad = value.findIndex((code) => typeof code !== 'number' || !Number.isFinite(code));
		return `must be a list of numeric codes, but item ${bad} is ${describeValue(value[bad])}`;
	}
	return `must be a number, a text or a list of codes, not ${describeValue(value)}`;
}

const answerValue = z.union(
	[z.number(), z.string().max(100_000, 'is longer than 100000 characters'), z.array(z.number()).max(1000, 'has more than 1000 codes')],
	{ error: (issue) => answerShapeProblem(issue.input) }
);

export const submissionSchema = z.strictObject({
	// The same UUID in capitals is the same response: stored (and echoed) in lowercase, so a replay in either case is a replay.
	id: z.uuid({ error: 'must be a UUID' }).transform((id) => id.toLowerCase()),
	waveId: z.string().min(1).max(100),
	siteId: z.string().min(1).max(100),
	instrumentVersionId: z.string().regex(/^[0-9a-f]{64}$/, 'must be an instrument version id (64 hex characters)'),
	panelCode: z.string().refine(isValidPanelCode, 'is not a valid panel code (check character does not match)'),
	mode: z.enum(['kiosk', 'interviewer']),
	language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag'),
	consentAt: isoTimestamp.nullable().optional(),
	startedAt: isoTimestamp,
	completedAt: isoTimestamp.nullable().optional(),
	status: z.enum(['complete', 'partial']),
	kioskId: z.string().max(100).nullable().optional(),
	interviewerId: z.string().max(100).nullable().optional(),
	answers: z
		.record(z.string().max(200), answerValue, {
			error: (issue) => (issue.code === 'invalid_key' ? 'is an item key longer than 200 characters' : undefined)
		})
		.refine((a) => Object.keys(a).length <= 2000, 'has more than 2000 answers')
});

export type Submission = z.infer<typeof submissionSchema>;

/** A submission that could not be stored; `code` maps to an HTTP status. */
export class SubmissionError extends Error {
	constructor(
		readonly code: 'invalid' | 'not_found' | 'conflict',
		message: string,
		/** Where: `answers.who5_1`, `waveId`, … */
		readonly path?: string,
		readonly issues: { path: string; message: string }[] = []
	) {
		super(message);
	}
}

/** Names for a message: the first ten, then how many more. */
function listed(names: string[]): string {
	const shown = names.slice(0, 10).join(', ');
	return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

/** Parses an untrusted envelope; throws SubmissionError('invalid') naming the first bad field. */
export function parseSubmission(input: unknown): Submission {
	const parsed = submissionSchema.safeParse(input);
	if (parsed.success) return { ...parsed.data, panelCode: formatPanelCode(normalizePanelCode(parsed.data.panelCode)) };
	const issues = parsed.error.issues.map((issue) => ({
		path: issue.path.map(String).join('.') || '(body)',
		message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${listed(issue.keys)}` : issue.message
	}));
	const first = issues[0] as { path: string; message: string };
	throw new SubmissionError('invalid', `${first.path}: ${first.message}`, first.path, issues);
}

/** SHA-256 of the canonical submission: identical replays have identical hashes. */
export function submissionHash(submission: Submission): string {
	return createHash('sha256')
		.update(canonicalize(submission) ?? '')
		.digest('hex');
}

export interface PreparedRows {
	answers: AnswerTable[];
	scores: ScoreTable[];
}

/** Validates answers against the instrument and derives answer and score rows. Throws SubmissionError. */
export function prepareRows(instrument: Instrument, submission: Submission): PreparedRows {
	const answers = submission.answers as Answers;
	const issues = checkAnswers(instrument, answers, submission.status === 'complete');
	if (issues.length > 0) {
		const all = issues.map((i) => ({ path: `answers.${i.item}`, message: i.message }));
		throw new SubmissionError('invalid', (all[0] as { message: string }).message, (all[0] as { path: string }).path, all);
	}
	const responseId = submission.id;
	const answerRows = Object.entries(answers).map(([key, value]): AnswerTable => {
		if (Array.isArray(value)) return { response_id: responseId, item_key: key, value_num: value.length, value_text: value.join(' ') };
		if (typeof value === 'number') return { response_id: responseId, item_key: key, value_num: value, value_text: null };
		return { response_id: responseId, item_key: key, value_num: null, value_text: value };
	});
	const scores = scoreResponse(instrument, answers, relevantItemKeys(instrument, answers)).map((s): ScoreTable => ({
		response_id: responseId,
		scale_key: s.scaleKey,
		score: s.score,
		raw: s.raw,
		relevant_items: s.relevantItems,
		answered_items: s.answeredItems,
		prorated: s.prorated ? 1 : 0,
		band: s.band
	}));
	return { answers: answerRows, scores };
}

/** The response row of a validated submission. */
export function toResponseRow(
	submission: Submission,
	meta: { projectId: string; respondentId: string; hash: string; receivedAt: string }
): Insertable<ResponseTable> {
	return {
		id: submission.id,
		project_id: meta.projectId,
		wave_id: submission.waveId,
		site_id: submission.siteId,
		respondent_id: meta.respondentId,
		instrument_version_id: submission.instrumentVersionId,
		mode: submission.mode,
		language: submission.language,
		consent_at: submission.consentAt ?? null,
		started_at: submission.startedAt,
		completed_at: submission.completedAt ?? null,
		received_at: meta.receivedAt,
		status: submission.status,
		kiosk_id: submission.kioskId ?? null,
		interviewer_id: submission.interviewerId ?? null,
		payload_hash: meta.hash
	};
}
