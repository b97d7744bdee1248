/**
 * Storing responses. `recordSubmission` writes response + answers + scores in one transaction —
 * all or nothing — and is idempotent on the client-made UUID: an identical replay returns the
 * stored receipt, a different payload under the same UUID is a conflict.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema';
import type { Instrument } from '../instruments/types';
import { bumpDataVersion } from './projects';
import { findOrCreateRespondent } from './respondents';
import { nowIso } from './ids';
import { writeTransaction } from './db/create-db';
import { hitRateLimit, type RateLimitOutcome, type RateLimitRule } from './rate-limits';
import { parseSubmission, prepareRows, submissionHash, SubmissionError, toResponseRow, type Submission } from './submission';

export { SubmissionError, parseSubmission, type Submission } from './submission';

export interface Receipt {
	id: string;
	status: 'complete' | 'partial';
	receivedAt: string;
	/** True when this call found the response already stored. */
	replay: boolean;
}

/** A rate limit to count a submission against, e.g. `submit:kiosk:<id>`. */
export interface RateLimitHit {
	key: string;
	rule: RateLimitRule;
}

/** Rows per multi-row insert: 2000 × 8 columns stays under SQLite's 32766 bound parameters. */
const ROWS_PER_INSERT = 2000;

/**
 * Validates and stores one submission. Throws SubmissionError: 'invalid' (bad envelope or answers),
 * 'not_found' (unknown wave, site or instrument version), 'conflict' (same UUID, other content).
 */
export async function recordSubmission(db: Kysely<Database>, input: unknown): Promise<Receipt> {
	// Without a rate limit there is no `limited` outcome.
	return (await storeSubmission(db, input)) as Receipt;
}

/**
 * `recordSubmission` that first counts the request against `limit` in the same write transaction
 * (one commit per submission, not two). Over the limit, only the count is written and the outcome
 * is `{ limited }`. A submission refused with SubmissionError is not counted (its transaction rolls
 * back): the caller counts it separately.
 */
export async function recordSubmissionWithinLimit(
	db: Kysely<Database>,
	input: unknown,
	limit: RateLimitHit
): Promise<Receipt | { limited: RateLimitOutcome }> {
	return storeSubmission(db, input, limit);
}

async function storeSubmission(
	db: Kysely<Database>,
	input: unknown,
	limit?: RateLimitHit
): Promise<Receipt | { limited: RateLimitOutcome }> {
	const submission = parseSubmission(input);
	const hash = submissionHash(submission);
	try {
		return await writeTransaction(db, async (trx): Promise<Receipt | { limited: RateLimitOutcome }> => {
			if (limit) {
				const rate = await hitRateLimit(trx, limit.key, limit.rule);
				if (!rate.allowed) return { limited: rate };
			}
			const existing = await storedReceipt(trx, submission.id, hash);
			if (existing) return existing;
			const context = await loadContext(trx, submission);
			const rows = prepareRows(context.instrument, submission);
			const receivedAt = nowIso();
			await insertResponse(trx, context.projectId, { submission, hash, rows, receivedAt });
			await bumpDataVersion(trx, context.projectId);
			return { id: submission.id, status: submission.status, receivedAt, replay: false };
		});
	} catch (error) {
		// A concurrent writer stored the same UUID between our check and insert: answer as a replay.
		if (isUniqueViolation(error)) {
			const existing = await storedReceipt(db, submission.id, hash);
			if (existing) return existing;
		}
		throw error;
	}
}

async function storedReceipt(db: Kysely<Database>, id: string, hash: string): Promise<Receipt | undefined> {
	const row = await db
		.selectFrom('responses')
		.select(['id', 'status', 'received_at', 'payload_hash'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	if (row.payload_hash !== hash) {
		throw new SubmissionError(
			'conflict',
			`response ${id} was already received with different content; a changed response needs a new UUID`,
			'id'
		);
	}
	return { id: row.id, status: row.status, receivedAt: row.received_at, replay: true };
}

interface SubmissionContext {
	projectId: string;
	instrument: Instrument;
}

/**
 * Parsed instrument versions by id. A version is immutable (its id is the hash of its content), so
 * an entry never goes stale; the library holds a few dozen versions at most.
 */
const parsedVersions = new Map<string, Instrument>();
const MAX_PARSED_VERSIONS = 256;

async function instrumentVersion(trx: Transaction<Database>, id: string): Promise<Instrument> {
	const cached = parsedVersions.get(id);
	if (cached) return cached;
	const row = await trx.selectFrom('instrument_versions').select('content').where('id', '=', id).executeTakeFirstOrThrow();
	const instrument = JSON.parse(row.content) as Instrument;
	if (parsedVersions.size >= MAX_PARSED_VERSIONS) parsedVersions.clear();
	parsedVersions.set(id, instrument);
	return instrument;
}

/** The wave, site and instrument version a submission names, checked to belong together. */
async function loadContext(trx: Transaction<Database>, submission: Submission): Promise<SubmissionContext> {
	// One lookup for all three: the wave, the named site and whether the wave asks the version.
	const found = await trx
		.selectFrom('waves')
		.leftJoin('sites', (join) => join.on('sites.id', '=', submission.siteId))
		.leftJoin('wave_instruments', (join) =>
			join
				.onRef('wave_instruments.wave_id', '=', 'waves.id')
				.on('wave_instruments.instrument_version_id', '=', submission.instrumentVersionId)
		)
		.select(['waves.id', 'waves.project_id', 'sites.project_id as site_project_id', 'wave_instruments.instrument_version_id'])
		.where('waves.id', '=', submission.waveId)
		.executeTakeFirst();
	if (!found) throw new SubmissionError('not_found', `wave '${submission.waveId}' does not exist`, 'waveId');
	if (found.site_project_id !== found.project_id) {
		throw new SubmissionError('not_found', `site '${submission.siteId}' does not exist in this wave's project`, 'siteId');
	}
	if (!found.instrument_version_id) {
		throw new SubmissionError(
			'not_found',
			`instrument version '${submission.instrumentVersionId}' is not asked in wave '${found.id}'`,
			'instrumentVersionId'
		);
	}
	const instrument = await instrumentVersion(trx, found.instrument_version_id);
	await checkCollector(trx, submission, found.project_id);
	if (!instrument.languages.includes(submission.language)) {
		throw new SubmissionError(
			'invalid',
			`language '${submission.language}' is not one of the instrument's languages (${instrument.languages.join(', ')})`,
			'language'
		);
	}
	return { projectId: found.project_id, instrument };
}

/** The kiosk must be enrolled to this project and site and not revoked; the interviewer must be an active user. */
async function checkCollector(trx: Transaction<Database>, submission: Submission, projectId: string): Promise<void> {
	if (submission.kioskId) {
		const kiosk = await trx
			.selectFrom('kiosks')
			.select(['project_id', 'site_id', 'revoked_at'])
			.where('id', '=', submission.kioskId)
			.executeTakeFirst();
		if (!kiosk) throw new SubmissionError('not_found', `kiosk '${submission.kioskId}' does not exist`, 'kioskId');
		if (kiosk.revoked_at) throw new SubmissionError('invalid', `kiosk '${submission.kioskId}' has been revoked`, 'kioskId');
		if (kiosk.project_id !== projectId || kiosk.site_id !== submission.siteId) {
			throw new SubmissionError('invalid', `kiosk '${submission.kioskId}' is enrolled to another project or site`, 'kioskId');
		}
	}
	if (submission.interviewerId) {
		const user = await trx.selectFrom('users').select(['disabled_at']).where('id', '=', submission.interviewerId).executeTakeFirst();
		if (!user) throw new SubmissionError('not_found', `interviewer '${submission.interviewerId}' does not exist`, 'interviewerId');
		if (user.disabled_at) throw new SubmissionError('invalid', `interviewer '${submission.interviewerId}' is disabled`, 'interviewerId');
	}
}

/**
 * Writes one validated submission inside the caller's transaction: its respondent (found by panel
 * code, or made), the response row, its answers and scores. The caller checks idempotency and
 * bumps the project's data version.
 */
export async function insertResponse(
	trx: Kysely<Database>,
	projectId: string,
	stored: { submission: Submission; hash: string; rows: ReturnType<typeof prepareRows>; receivedAt: string }
): Promise<void> {
	const { submission, hash, rows, receivedAt } = stored;
	const respondentId = await findOrCreateRespondent(trx, projectId, submission.panelCode);
	await trx.insertInto('responses').values(toResponseRow(submission, { projectId, respondentId, hash, receivedAt })).execute();
	await insertInChunks(trx, 'answers', rows.answers);
	await insertInChunks(trx, 'scores', rows.scores);
}

export async function insertInChunks<T extends 'answers' | 'scores'>(trx: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
	for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
		// Kysely cannot relate a generic table name to its row type, hence the cast.
		const chunk = rows.slice(i, i + ROWS_PER_INSERT) as Parameters<ReturnType<typeof trx.insertInto<T>>['values']>[0];
		await trx.insertInto(table).values(chunk).execute();
	}
}

function isUniqueViolation(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code;
	return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
