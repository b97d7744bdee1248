/**
 * Reads an export's rows a page of people at a time, in constant memory: keyset paging over
 * respondents by id, then one query for those people's responses with their answers (and one for
 * their scores when the file has them). Each page is a short query, so the database connection is
 * free between pages and a slow download does not hold up other requests. Portable SQL: plain
 * joins and `in` lists, no dialect functions.
 *
 * Respondent ids are random UUIDs, so paging by id orders people in a way that tells nothing about
 * them (paging by panel code would leak the codes' order). Codes merged into another respondent's
 * are read with their survivor (merges are one level deep, see panel-codes.ts); the merges are read
 * once up front — there are few.
 */
import type { Database } from '../db/schema';
import { sql, type Kysely } from 'kysely';
import type { ExportAnswer, ExportPerson, ExportResponse } from '../../exports/records';
import { fillAnswerTexts, idChunks, packedAnswers, unpackAnswers } from './packed-answers';
import { pseudonym } from './pseudonym';

export const PERSONS_PER_PAGE = 25;

export interface ReadOptions {
	waveIds: string[];
	includeExcluded: boolean;
	includeWithdrawn: boolean;
	panelCodes: boolean;
	/** Read answers (long and wide files). */
	answers: boolean;
	/** Read scores (wide and scores files). */
	scores: boolean;
	key: string;
}

interface MergedCode {
	id: string;
	withdrawn: boolean;
}

async function readMerges(db: Kysely<Database>, projectId: string): Promise<Map<string, MergedCode[]>> {
	const rows = await db
		.selectFrom('respondents')
		.select(['id', 'merged_into_id', 'withdrawn_at'])
		.where('project_id', '=', projectId)
		.where('merged_into_id', 'is not', null)
		.execute();
	const merges = new Map<string, MergedCode[]>();
	for (const row of rows) {
		const list = merges.get(row.merged_into_id!) ?? [];
		list.push({ id: row.id, withdrawn: row.withdrawn_at !== null });
		merges.set(row.merged_into_id!, list);
	}
	return merges;
}

/**
 * The responses given under `respondentIds` in the export's waves (counted ones only, unless
 * excluded ones are asked for), with their answers packed (see packed-answers.ts) when asked.
 */
export function responsesQuery(
	db: Kysely<Database>,
	respondentIds: string[],
	options: Pick<ReadOptions, 'waveIds' | 'includeExcluded' | 'answers'>
) {
	return db
		.selectFrom('responses')
		.select(['id', 'respondent_id', 'wave_id', 'site_id', 'instrument_version_id', 'mode', 'language', 'status', 'received_at', 'excluded'])
		.select((options.answers ? packedAnswers : sql<null>`null`).as('answers'))
		.where('respondent_id', 'in', respondentIds)
		.where('wave_id', 'in', options.waveIds)
		.$if(!options.includeExcluded, (q) => q.where('excluded', '=', 0));
}

/** One page of people after `after` (by respondent id), or undefined when there are no more. */
async function readPage(
	db: Kysely<Database>,
	projectId: string,
	after: string,
	merges: Map<string, MergedCode[]>,
	options: ReadOptions
): Promise<{ persons: ExportPerson[]; last: string } | undefined> {
	// Every project's respondents by primary key, this project's kept: a plan no database can get wrong.
	const codes = await db
		.selectFrom('respondents')
		.select(['id', 'project_id', 'panel_code', 'merged_into_id', 'withdrawn_at'])
		.where('id', '>', after)
		.orderBy('id')
		.limit(PERSONS_PER_PAGE)
		.execute();
	if (codes.length === 0) return undefined;
	const last = codes[codes.length - 1]!.id;
	const people = codes.filter(
		(r) => r.project_id === projectId && r.merged_into_id === null && (options.includeWithdrawn || r.withdrawn_at === null)
	);
	if (people.length === 0) return { persons: [], last };
	const personOf = new Map<string, { person: ExportPerson; withdrawn: boolean }>();
	const persons = people.map((row) => {
		const person: ExportPerson = {
			id: row.id,
			pseudonym: pseudonym(options.key, projectId, row.id),
			panelCode: options.panelCodes ? row.panel_code : null,
			responses: []
		};
		personOf.set(row.id, { person, withdrawn: row.withdrawn_at !== null });
		for (const code of merges.get(row.id) ?? []) {
			if (options.includeWithdrawn || !code.withdrawn)
				personOf.set(code.id, { person, withdrawn: row.withdrawn_at !== null || code.withdrawn });
		}
		return person;
	});
	const responses = new Map<string, ExportResponse>();
	const waiting = new Map<string, ExportAnswer[]>();
	for (const row of await responsesQuery(db, [...personOf.keys()], options).execute()) {
		const owner = personOf.get(row.respondent_id)!;
		const withText: ExportAnswer[] = [];
		const response: ExportResponse = {
			id: row.id,
			waveId: row.wave_id,
			siteId: row.site_id,
			versionId: row.instrument_version_id,
			mode: row.mode,
			language: row.language,
			status: row.status,
			receivedAt: row.received_at,
			excluded: row.excluded === 1,
			withdrawn: owner.withdrawn,
			answers: unpackAnswers(row.answers, withText),
			scores: []
		};
		if (withText.length > 0) waiting.set(row.id, withText);
		responses.set(row.id, response);
		owner.person.responses.push(response);
	}
	await fillAnswerTexts(db, waiting);
	if (options.scores) {
		for (const ids of idChunks([...responses.keys()])) {
			const scores = await db.selectFrom('scores').select(['response_id', 'scale_key', 'score']).where('response_id', 'in', ids).execute();
			for (const score of scores) responses.get(score.response_id)!.scores.push(score);
		}
	}
	return { persons, last };
}

/** The export's people, a page at a time; people without responses in the selection are left out. */
export async function* readExportPersons(db: Kysely<Database>, projectId: string, options: ReadOptions): AsyncGenerator<ExportPerson[]> {
	const merges = await readMerges(db, projectId);
	let after = '';
	for (;;) {
		const page = await readPage(db, projectId, after, merges, options);
		if (!page) return;
		after = page.last;
		const persons = page.persons.filter((p) => p.responses.length > 0);
		if (persons.length > 0) yield persons;
	}
}
