import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createDb, type Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import { recordSubmission, SubmissionError, type Receipt } from '$lib/server/responses';
import { getProjectById } from '$lib/server/projects';
import { createWave } from '$lib/server/waves';
import { scoreResponse } from '$lib/instruments/scoring';
import { relevantItemKeys } from '$lib/instruments/relevance';
import type { Answers } from '$lib/instruments/types';
import { PANEL_CODE_ALPHABET } from '$lib/panel-code';
import { countRows, createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { REQUIRED_VARIANT_KEY, requiredVariant } from '../../fixtures/instruments/required-variant';
import { IDENTITY_ANSWERS, PARTICIPATION_ANSWERS } from '../../fixtures/answers';
import { baselineTarget, submissionBody } from '../../helpers/submissions';
import { newPanelCode } from '../../helpers/visits';

/** The same code with a wrong check character. */
function withWrongCheck(code: string): string {
	const last = code.at(-1) as string;
	const other = PANEL_CODE_ALPHABET[(PANEL_CODE_ALPHABET.indexOf(last) + 1) % PANEL_CODE_ALPHABET.length];
	return code.slice(0, -1) + other;
}

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
let seeded: SeededProject;
let other: SeededProject;

function submission(instrumentKey: string, answers: Answers, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return submissionBody(baselineTarget(seeded, instrumentKey), answers, overrides);
}

function instrumentOf(key: string) {
	const entry = seededLibrary().find((l) => l.instrument.key === key);
	if (!entry) throw new Error(`no instrument ${key}`);
	return entry.instrument;
}

function seededLibrary(): LoadedInstrument[] {
	return [...library, requiredVariant(library)];
}

interface Counts {
	responses: number;
	answers: number;
	scores: number;
	respondents: number;
	dataVersion: number;
}

async function counts(): Promise<Counts> {
	return {
		responses: await countRows(db, 'responses'),
		answers: await countRows(db, 'answers'),
		scores: await countRows(db, 'scores'),
		respondents: await countRows(db, 'respondents'),
		dataVersion: (await getProjectById(db, seeded.projectId))!.dataVersion
	};
}

/** Runs a submission that must be refused; returns the error after checking nothing was stored. */
async function expectRefused(input: unknown): Promise<SubmissionError> {
	const before = await counts();
	const error = await recordSubmission(db, input).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(SubmissionError);
	expect(await counts()).toEqual(before);
	return error as SubmissionError;
}

async function storedAnswers(responseId: string) {
	return db
		.selectFrom('answers')
		.select(['item_key', 'value_num', 'value_text'])
		.where('response_id', '=', responseId)
		.orderBy('item_key')
		.execute();
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
	seeded = await seedProject(db, seededLibrary(), 'responses');
	other = await seedProject(db, library, 'other');
});
afterAll(() => testDb.cleanup());

describe('recordSubmission stores a valid submission', () => {
	it('writes one response with its answers in long form and its scores', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS);
		const receipt = await recordSubmission(db, input);
		expect(receipt).toEqual({ id: input.id, status: 'complete', receivedAt: expect.any(String), replay: false });
		expect(new Date(receipt.receivedAt).toISOString()).toBe(receipt.receivedAt);

		const responses = await db
			.selectFrom('responses')
			.selectAll()
			.where('id', '=', input.id as string)
			.execute();
		expect(responses).toHaveLength(1);
		expect(responses[0]).toMatchObject({
			project_id: seeded.projectId,
			wave_id: seeded.baselineWaveId,
			site_id: seeded.projectSiteId,
			instrument_version_id: seeded.versionIds['community-identity'],
			mode: 'kiosk',
			language: 'zh-Hans',
			status: 'complete',
			received_at: receipt.receivedAt,
			excluded: 0
		});

		const expectedAnswers = Object.entries(IDENTITY_ANSWERS)
			.map(([item_key, value]) => ({ item_key, value_num: value as number, value_text: null }))
			.sort((a, b) => a.item_key.localeCompare(b.item_key));
		expect(await storedAnswers(input.id as string)).toEqual(expectedAnswers);

		const instrument = instrumentOf('community-identity');
		const expectedScores = scoreResponse(instrument, IDENTITY_ANSWERS, relevantItemKeys(instrument, IDENTITY_ANSWERS)).map((s) => ({
			scale_key: s.scaleKey,
			score: s.score,
			raw: s.raw,
			relevant_items: s.relevantItems,
			answered_items: s.answeredItems,
			prorated: s.prorated ? 1 : 0,
			band: s.band
		}));
		const scores = await db
			.selectFrom('scores')
			.select(['scale_key', 'score', 'raw', 'relevant_items', 'answered_items', 'prorated', 'band'])
			.where('response_id', '=', input.id as string)
			.execute();
		expect(scores).toHaveLength(instrument.scales.length);
		expect(scores.sort((a, b) => a.scale_key.localeCompare(b.scale_key))).toEqual(
			expectedScores.sort((a, b) => a.scale_key.localeCompare(b.scale_key))
		);
		// bscs_5 = 9 is "don't know": influence needs both its items (minAnswered 1), so it is missing,
		// while the 8-item total meets 80% with 7: (4+5+3+4+2+5+4)/7, prorated.
		expect(scores.find((s) => s.scale_key === 'influence')).toMatchObject({ score: null, raw: null, answered_items: 1, relevant_items: 2 });
		expect(scores.find((s) => s.scale_key === 'sense_of_community')).toMatchObject({
			score: 27 / 7,
			answered_items: 7,
			relevant_items: 8,
			prorated: 1
		});
	});

	it('stores a multi answer as its count and its codes separated by spaces', async () => {
		const input = submission('community-participation', PARTICIPATION_ANSWERS, { mode: 'interviewer', language: 'en' });
		await recordSubmission(db, input);
		const answers = await storedAnswers(input.id as string);
		expect(answers).toHaveLength(Object.keys(PARTICIPATION_ANSWERS).length);
		expect(answers.find((a) => a.item_key === 'part_types')).toEqual({ item_key: 'part_types', value_num: 3, value_text: '1 3 4' });
		expect(answers.find((a) => a.item_key === 'part_vol_hours')).toEqual({ item_key: 'part_vol_hours', value_num: 12, value_text: null });
	});

	it('stores a text answer as text', async () => {
		const answers: Answers = { dem_gender: 2, dem_age: 4, dem_eth: 9, dem_eth_other: '瑶族', dem_hh_size: 5 };
		const input = submission('demographics', answers, { status: 'partial', completedAt: null });
		expect(await recordSubmission(db, input)).toMatchObject({ status: 'partial', replay: false });
		expect((await storedAnswers(input.id as string)).find((a) => a.item_key === 'dem_eth_other')).toEqual({
			item_key: 'dem_eth_other',
			value_num: null,
			value_text: '瑶族'
		});
	});
});

describe('recordSubmission is all or nothing', () => {
	it('stores nothing when one answer in the middle is out of range', async () => {
		const error = await expectRefused(submission('community-identity', { ...IDENTITY_ANSWERS, bscs_5: 7 }));
		expect(error.code).toBe('invalid');
		expect(error.path).toBe('answers.bscs_5');
		expect(error.message).toContain('code 7 is not an option');
	});

	it('lists every bad answer in issues, the first one as path', async () => {
		const error = await expectRefused(submission('community-identity', { ...IDENTITY_ANSWERS, bscs_2: 0, bscs_7: 6 }));
		expect(error.path).toBe('answers.bscs_2');
		expect(error.issues.map((i) => i.path)).toEqual(['answers.bscs_2', 'answers.bscs_7']);
	});
});

describe('recordSubmission refuses', () => {
	const cases: { name: string; input: () => Record<string, unknown>; code: SubmissionError['code']; path: string }[] = [
		{
			name: 'an answer to an item the instrument does not have',
			input: () => submission('community-identity', { ...IDENTITY_ANSWERS, bscs_99: 3 }),
			code: 'invalid',
			path: 'answers.bscs_99'
		},
		{
			name: 'an answer to an item skipped by relevance',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_vol: 0 }),
			code: 'invalid',
			path: 'answers.part_vol_hours'
		},
		{
			name: 'a multi answer that breaks its constraint ("none" with other codes)',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_types: [1, 9] }),
			code: 'invalid',
			path: 'answers.part_types'
		},
		{
			name: 'a complete response without a required item',
			input: () => submission(REQUIRED_VARIANT_KEY, withoutKey(PARTICIPATION_ANSWERS, 'part_events')),
			code: 'invalid',
			path: 'answers.part_events'
		},
		{
			name: 'a complete response without a required item made relevant by an earlier answer',
			input: () => submission(REQUIRED_VARIANT_KEY, withoutKey(PARTICIPATION_ANSWERS, 'part_vol_hours')),
			code: 'invalid',
			path: 'answers.part_vol_hours'
		},
		{
			name: 'an unknown wave',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { waveId: randomUUID() }),
			code: 'not_found',
			path: 'waveId'
		},
		{
			name: 'a site of another project',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { siteId: other.projectSiteId }),
			code: 'not_found',
			path: 'siteId'
		},
		{
			name: 'a wave of another project (with this project’s site)',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { waveId: other.baselineWaveId }),
			code: 'not_found',
			path: 'siteId'
		},
		{
			name: 'an instrument version that is not stored',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { instrumentVersionId: 'a'.repeat(64) }),
			code: 'not_found',
			path: 'instrumentVersionId'
		},
		{
			name: 'an id that is not a UUID',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { id: 'not-a-uuid' }),
			code: 'invalid',
			path: 'id'
		},
		{
			name: 'a panel code with a wrong check character',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { panelCode: withWrongCheck(newPanelCode()) }),
			code: 'invalid',
			path: 'panelCode'
		},
		{
			name: 'a language the instrument does not have',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { language: 'fr' }),
			code: 'invalid',
			path: 'language'
		},
		{
			name: 'a non-finite number given as a string',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_events: 'Infinity' }),
			code: 'invalid',
			path: 'answers.part_events'
		},
		{
			name: 'NaN given as a string',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_events: 'NaN' }),
			code: 'invalid',
			path: 'answers.part_events'
		},
		{
			name: 'an infinite number',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_events: Number.POSITIVE_INFINITY }),
			code: 'invalid',
			path: 'answers.part_events'
		},
		{
			name: 'a choice code given as a string',
			input: () => submission('community-identity', { ...IDENTITY_ANSWERS, bscs_3: '3' }),
			code: 'invalid',
			path: 'answers.bscs_3'
		},
		{
			name: 'a fraction for a whole-number item',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_events: 2.5 }),
			code: 'invalid',
			path: 'answers.part_events'
		},
		{
			name: 'a number above the item’s maximum',
			input: () => submission('community-participation', { ...PARTICIPATION_ANSWERS, part_vol_hours: 501 }),
			code: 'invalid',
			path: 'answers.part_vol_hours'
		},
		{
			name: 'an answer to an information screen',
			input: () => submission('psychological-adaptation', { who5_1: 3, psy_help: 1 }, { status: 'partial' }),
			code: 'invalid',
			path: 'answers.psy_help'
		},
		{
			name: 'a timestamp that is not ISO-8601',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { startedAt: '2 March 2026' }),
			code: 'invalid',
			path: 'startedAt'
		},
		{
			name: 'an unknown mode',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { mode: 'web' }),
			code: 'invalid',
			path: 'mode'
		},
		{
			name: 'a field the envelope does not have',
			input: () => submission('community-identity', IDENTITY_ANSWERS, { score: 100 }),
			code: 'invalid',
			path: '(body)'
		}
	];

	it.each(cases)('$name → $code at $path, storing nothing', async ({ input, code, path }) => {
		const error = await expectRefused(input());
		expect({ code: error.code, path: error.path }).toEqual({ code, path });
		expect(error.message.length).toBeGreaterThan(0);
	});

	it('an instrument version stored but not asked in the wave', async () => {
		const followUp = await createWave(db, {
			projectId: seeded.projectId,
			name: 'Follow-up',
			kind: 'follow-up',
			order: 2,
			instrumentVersionIds: [seeded.versionIds['community-identity'] as string]
		});
		const error = await expectRefused(submission('demographics', { dem_gender: 1 }, { waveId: followUp.id, status: 'partial' }));
		expect({ code: error.code, path: error.path }).toEqual({ code: 'not_found', path: 'instrumentVersionId' });
	});

	it('accepts the same answers without the required item as a partial response', async () => {
		const input = submission(REQUIRED_VARIANT_KEY, withoutKey(PARTICIPATION_ANSWERS, 'part_events'), {
			status: 'partial',
			completedAt: null
		});
		const before = await counts();
		expect(await recordSubmission(db, input)).toMatchObject({ status: 'partial', replay: false });
		const after = await counts();
		expect(after.responses).toBe(before.responses + 1);
		expect(after.answers).toBe(before.answers + Object.keys(PARTICIPATION_ANSWERS).length - 1);
	});

	it('accepts a complete response whose required item is skipped by relevance', async () => {
		const answers = withoutKey({ ...PARTICIPATION_ANSWERS, part_vol: 0 }, 'part_vol_hours');
		expect(await recordSubmission(db, submission(REQUIRED_VARIANT_KEY, answers))).toMatchObject({ status: 'complete', replay: false });
	});
});

describe('recordSubmission is idempotent on the UUID', () => {
	it('answers an identical replay with the stored receipt and stores nothing more', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS);
		const first = await recordSubmission(db, input);
		const before = await counts();
		const second = await recordSubmission(db, structuredClone(input));
		expect(second).toEqual({ ...first, replay: true });
		expect(await counts()).toEqual(before);
		expect(
			await db
				.selectFrom('responses')
				.select('id')
				.where('id', '=', input.id as string)
				.execute()
		).toHaveLength(1);
	});

	it('treats a replay whose keys come in another order as identical', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS);
		const first = await recordSubmission(db, input);
		const reordered = Object.fromEntries(
			Object.entries({ ...input, answers: Object.fromEntries(Object.entries(IDENTITY_ANSWERS).reverse()) }).reverse()
		);
		expect(await recordSubmission(db, reordered)).toEqual({ ...first, replay: true });
	});

	it('refuses the same UUID with one answer changed as a conflict and keeps the stored answers', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS);
		await recordSubmission(db, input);
		const stored = await storedAnswers(input.id as string);
		const error = await expectRefused({ ...input, answers: { ...IDENTITY_ANSWERS, bscs_1: 1 } });
		expect(error.code).toBe('conflict');
		expect(error.path).toBe('id');
		expect(await storedAnswers(input.id as string)).toEqual(stored);
	});

	it('stores one response when two identical submissions arrive at once', async () => {
		const input = submission('community-participation', PARTICIPATION_ANSWERS);
		const before = await counts();
		const receipts: Receipt[] = await Promise.all([recordSubmission(db, input), recordSubmission(db, structuredClone(input))]);
		const after = await counts();
		expect(after.responses).toBe(before.responses + 1);
		expect(after.answers).toBe(before.answers + Object.keys(PARTICIPATION_ANSWERS).length);
		expect(after.dataVersion).toBe(before.dataVersion + 1);
		const [a, b] = receipts as [Receipt, Receipt];
		expect({ ...a, replay: undefined }).toEqual({ ...b, replay: undefined });
		expect([a.replay, b.replay].sort()).toEqual([false, true]);
	});

	it('bumps the project’s data version for each stored submission and not for a replay', async () => {
		const start = (await counts()).dataVersion;
		const first = submission('community-identity', IDENTITY_ANSWERS);
		await recordSubmission(db, first);
		expect((await counts()).dataVersion).toBe(start + 1);
		await recordSubmission(db, submission('psychological-adaptation', { who5_1: 3, k6_1: 1 }, { status: 'partial' }));
		expect((await counts()).dataVersion).toBe(start + 2);
		await recordSubmission(db, first);
		expect((await counts()).dataVersion).toBe(start + 2);
		const otherProject = (await getProjectById(db, other.projectId))!.dataVersion;
		expect(otherProject).toBe(0);
	});
});

describe('collector and timestamp checks', () => {
	// Regression: kioskId and interviewerId were once taken unchecked; an unknown one failed the
	// foreign key as a raw SqliteError (an HTTP 500) instead of a SubmissionError. Nothing is stored.
	it('refuses an unknown kiosk id as not_found at kioskId', async () => {
		const error = await expectRefused(submission('community-identity', IDENTITY_ANSWERS, { kioskId: randomUUID() }));
		expect({ code: error.code, path: error.path }).toEqual({ code: 'not_found', path: 'kioskId' });
	});

	it('refuses an unknown interviewer id as not_found at interviewerId', async () => {
		const error = await expectRefused(
			submission('community-identity', IDENTITY_ANSWERS, { mode: 'interviewer', interviewerId: randomUUID() })
		);
		expect({ code: error.code, path: error.path }).toEqual({ code: 'not_found', path: 'interviewerId' });
	});

	// Regression: timestamps with an offset were once stored as sent, although every stored
	// timestamp is ISO-8601 UTC text, which ordering of started_at / received_at relies on.
	it('stores timestamps sent with an offset as UTC', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS, {
			startedAt: '2026-03-02T10:00:00+08:00',
			completedAt: '2026-03-02T10:06:30+08:00'
		});
		await recordSubmission(db, input);
		const row = await db
			.selectFrom('responses')
			.select(['started_at', 'completed_at'])
			.where('id', '=', input.id as string)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ started_at: '2026-03-02T02:00:00.000Z', completed_at: '2026-03-02T02:06:30.000Z' });
	});
});

/**
 * A second connection to the same file — what a second process (another server instance, the CLI)
 * has — whose `afterFirstQuery` runs once, right after the first query of the next call returns:
 * between recordSubmission's idempotency check and its insert.
 */
async function withInterleavedConnection(afterFirstQuery: () => Promise<unknown>, use: (second: Db) => Promise<void>): Promise<void> {
	const base = createDb(testDb.path);
	let fired = false;
	const plugin: KyselyPlugin = {
		transformQuery: ({ node }) => node,
		transformResult: async ({ result }) => {
			if (!fired) {
				fired = true;
				await afterFirstQuery();
			}
			return result;
		}
	};
	try {
		await use(base.withPlugin(plugin));
		expect(fired).toBe(true);
	} finally {
		await base.destroy();
	}
}

describe('recordSubmission with two connections to the same file', () => {
	// Regression: the transaction's first statement (the idempotency check) takes a read snapshot;
	// when another connection commits before our insert, SQLite answers SQLITE_BUSY_SNAPSHOT at
	// once (the busy timeout does not apply). recordSubmission now runs the transaction again on
	// fresh data (withWriteRetry), so a concurrent duplicate becomes a replay and an unrelated one
	// is stored.
	it('answers as a replay when the other connection stores the same UUID in between', async () => {
		const input = submission('community-identity', IDENTITY_ANSWERS);
		let stored: Receipt | undefined;
		await withInterleavedConnection(
			async () => (stored = await recordSubmission(db, input)),
			async (second) => {
				const receipt = await recordSubmission(second, structuredClone(input));
				expect(receipt).toEqual({ ...stored, replay: true });
			}
		);
	});

	it('stores a submission when the other connection stores another one in between', async () => {
		const before = await counts();
		await withInterleavedConnection(
			() => recordSubmission(db, submission('community-identity', IDENTITY_ANSWERS)),
			async (second) => {
				expect(await recordSubmission(second, submission('community-identity', IDENTITY_ANSWERS))).toMatchObject({ replay: false });
			}
		);
		expect((await counts()).responses).toBe(before.responses + 2);
	});
});

describe('respondents', () => {
	it('share one row for two submissions with the same panel code', async () => {
		const panelCode = newPanelCode();
		const before = await countRows(db, 'respondents');
		await recordSubmission(db, submission('community-identity', IDENTITY_ANSWERS, { panelCode }));
		// The same code typed in lower case without the dash names the same resident.
		await recordSubmission(
			db,
			submission('community-participation', PARTICIPATION_ANSWERS, { panelCode: panelCode.toLowerCase().replace('-', '') })
		);
		expect(await countRows(db, 'respondents')).toBe(before + 1);
		const rows = await db
			.selectFrom('responses')
			.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
			.select(['respondents.id', 'respondents.panel_code'])
			.where('respondents.panel_code', '=', panelCode)
			.execute();
		expect(rows).toHaveLength(2);
		expect(new Set(rows.map((r) => r.id)).size).toBe(1);
		expect(rows[0]?.panel_code).toBe(panelCode);
	});

	it('are per project: the same code in another project is another respondent', async () => {
		const panelCode = newPanelCode();
		await recordSubmission(db, submission('community-identity', IDENTITY_ANSWERS, { panelCode }));
		await recordSubmission(
			db,
			submission('community-identity', IDENTITY_ANSWERS, {
				panelCode,
				waveId: other.baselineWaveId,
				siteId: other.comparisonSiteId,
				instrumentVersionId: other.versionIds['community-identity']
			})
		);
		const rows = await db.selectFrom('respondents').select(['project_id']).where('panel_code', '=', panelCode).execute();
		expect(rows.map((r) => r.project_id).sort()).toEqual([seeded.projectId, other.projectId].sort());
	});
});

function withoutKey(answers: Answers, key: string): Answers {
	const copy = { ...answers };
	delete copy[key];
	return copy;
}
