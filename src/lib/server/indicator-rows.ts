/**
 * Reads everything a project's indicators need in one pass: per wave, one query over the wave's
 * counted responses (excluded ones left out) with each response's scores and its scale and
 * background item answers. SQLite hands each wave back as ONE packed text (`string_agg`), which is
 * parsed by indicator-packed.ts without an object per row: materializing ~2 million rows as JS
 * objects would cost several times the query itself (see bench/indicators.bench.ts). Sites and
 * versions travel as their index in the catalog (a short `case`); keys as they are stored, since a
 * `case` or `in` list over dozens of item keys per answer costs SQLite more than the parser's
 * hash lookup. Portable SQL: `string_agg`, `||`, `case`, correlated subqueries (SQLite ≥ 3.44,
 * PostgreSQL).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { readConcurrently } from './db/create-db';
import type { Database } from './db/schema';
import { BlockBuilder } from '../stats/indicators/builder';
import type { Catalog } from '../stats/indicators/catalog';
import type { IndicatorDataset } from '../stats/indicators/dataset';
import { compareIso, KeyIndex, parseTables, parseWave, type RespondentIndex } from './indicator-packed';
import { yieldToEventLoop } from './event-loop';

/** `case <column> when <values[0]> then 0 … else <otherwise> end`, values bound as parameters. */
function indexOf(
	column: RawBuilder<unknown>,
	values: readonly string[],
	otherwise: RawBuilder<unknown>,
	asText = false
): RawBuilder<unknown> {
	if (values.length === 0) return otherwise;
	const whens = values.map((value, i) => sql`when ${value} then ${sql.lit(asText ? String(i) : i)}`);
	return sql`case ${column} ${sql.join(whens, sql` `)} else ${otherwise} end`;
}

/** The packed query of one wave (exported so its SQL can be reviewed in a snapshot). */
export function packedWaveQuery(catalog: Catalog, projectId: string, waveId: string) {
	const site = indexOf(
		sql`r.site_id`,
		catalog.sites.map((s) => s.id),
		sql`-1`
	);
	// A version the catalog does not know travels as its id, so the reader can fetch it and read again.
	const version = indexOf(sql`r.instrument_version_id`, catalog.versionIds, sql`r.instrument_version_id`, true);
	// An answer without a number (text, date) makes the whole term NULL, which string_agg skips.
	const value =
		catalog.multiItemKeys.length === 0
			? sql`'=' || a.value_num`
			: sql`case when a.item_key in (${sql.join(catalog.multiItemKeys)}) then ':' || replace(a.value_text, ' ', ',') else '=' || a.value_num end`;
	const scores = sql`coalesce((select string_agg(s.scale_key || ',' || s.score || ',' || coalesce(s.band, ''), ' ') from scores s where s.response_id = x.id and s.score is not null), '')`;
	const answers = sql`coalesce((select string_agg(a.item_key || ${value}, ' ') from answers a where a.response_id = x.id), '')`;
	// Responses in id order, so the lookups into answers and scores (stored in response-id order) run forward.
	return sql<{
		packed: string | null;
	}>`select string_agg(x.t || ' ' || x.v || ' ' || x.received_at || ' ' || x.respondent_id || ' ' || ${scores} || ' ' || ${answers}, ';') as packed
from (select r.id, r.respondent_id, r.received_at, ${site} as t, ${version} as v from responses r
      where r.project_id = ${projectId} and r.wave_id = ${waveId} and r.excluded = 0 order by r.id) x`;
}

/**
 * The person each respondent id counts as: merged codes count as the person they were merged into,
 * withdrawn people (or codes merged into them) as −1 — they are out of every indicator. Read as one
 * packed text too: a row object per respondent costs more than the query.
 */
export async function readPersons(db: Kysely<Database>, projectId: string): Promise<{ persons: number; respondents: RespondentIndex }> {
	const { rows } = await sql<{
		packed: string | null;
	}>`select string_agg(id || ' ' || coalesce(merged_into_id, '-') || ' ' || case when withdrawn_at is null then '0' else '1' end, ';') as packed
from respondents where project_id = ${projectId}`.execute(db);
	const entries = (rows[0]?.packed ?? '')
		.split(';')
		.filter(Boolean)
		.map((entry) => entry.split(' '));
	const index = new Map(entries.map(([id], i) => [id!, i]));
	const person = new Int32Array(entries.length).fill(-1);
	let persons = 0;
	entries.forEach(([, mergedInto, withdrawn], i) => {
		if (mergedInto === '-' && withdrawn === '0') person[i] = persons++;
	});
	entries.forEach(([, mergedInto, withdrawn], i) => {
		const target = mergedInto === '-' ? undefined : index.get(mergedInto!);
		if (target !== undefined && withdrawn === '0') person[i] = person[target]!;
	});
	// Complete: a response's respondent is always one of the project's (a foreign key).
	return {
		persons,
		respondents: {
			ids: new KeyIndex(
				entries.map(([id]) => id!),
				true
			),
			person
		}
	};
}

/**
 * Reads the dataset: the packed rows of every wave of the catalog, parsed into instrument blocks.
 * `unknownVersions` lists instrument versions of responses the catalog lacks (a wave's assignment
 * changed after it had responses): the caller adds them to the catalog and reads again.
 */
export async function readIndicatorDataset(
	db: Kysely<Database>,
	projectId: string,
	catalog: Catalog
): Promise<{ dataset: IndicatorDataset; unknownVersions: string[] }> {
	// The waves are read at once (on other cores where the database allows) while the respondents
	// are read here, then parsed in order as they arrive.
	const waves = readConcurrently(
		db,
		catalog.waves.map((info) => packedWaveQuery(catalog, projectId, info.id).compile(db))
	);
	// Should anything below fail, the reads still running must not become unhandled rejections.
	for (const rows of waves) rows.catch(() => undefined);
	const { persons, respondents } = await readPersons(db, projectId);
	let text = '';
	// Dedupe compares receipt times only within one wave, so keys are offsets into that wave's text.
	const isLater = (previous: number, next: number) => compareIso(text, previous, next) <= 0;
	const builders = catalog.blocks.map((shape) => new BlockBuilder(shape, Math.max(persons, 1), Math.max(catalog.waves.length, 1), isLater));
	const tables = parseTables(catalog);
	const unknownVersions = new Set<string>();
	for (const [wave, rows] of waves.entries()) {
		// Each wave takes tens of milliseconds to parse: requests that came in meanwhile go first.
		await yieldToEventLoop();
		text = (await rows)[0]?.packed ?? '';
		parseWave(text, wave, tables, respondents, builders, unknownVersions);
	}
	const dataset: IndicatorDataset = {
		waves: catalog.waves,
		baseline: catalog.baseline,
		sites: catalog.sites,
		scales: catalog.scales,
		layouts: catalog.layouts,
		blocks: builders.map((builder) => builder.finish()),
		persons,
		subgroups: catalog.subgroups
	};
	return { dataset, unknownVersions: [...unknownVersions] };
}
