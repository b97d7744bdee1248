/**
 * A KoboToolbox file's valid rows against what is stored: already imported (same `_uuid`, same
 * content), a changed row under an old `_uuid`, a `_uuid` or panel code twice in the file, a
 * withdrawn respondent, or one who already answered the instrument in this wave.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { KoboImportInput, KoboReport, ReadyRow } from './kobo-import';

const CHUNK = 500;

/** Sorts the file's valid rows into ready and already imported; every clash becomes a row problem. */
export async function checkAgainstStored(
	db: Kysely<Database>,
	input: KoboImportInput,
	versionId: string,
	rows: ReadyRow[],
	report: KoboReport
): Promise<ReadyRow[]> {
	const firstRowOf = (values: string[]) => {
		const first = new Map<string, number>();
		values.forEach((v, i) => !first.has(v) && first.set(v, rows[i]!.row));
		return first;
	};
	const firstUuid = firstRowOf(rows.map((r) => r.submission.id));
	const firstCode = firstRowOf(rows.map((r) => r.submission.panelCode));
	const stored = new Map<string, { hash: string }>();
	for (const ids of chunks(rows.map((r) => r.submission.id))) {
		for (const r of await db.selectFrom('responses').select(['id', 'payload_hash']).where('id', 'in', ids).execute())
			stored.set(r.id, { hash: r.payload_hash });
	}
	const respondents = new Map<string, { id: string; withdrawn: boolean }>();
	for (const codes of chunks([...firstCode.keys()])) {
		const found = await db
			.selectFrom('respondents')
			.select(['id', 'panel_code', 'withdrawn_at'])
			.where('project_id', '=', input.projectId)
			.where('panel_code', 'in', codes)
			.execute();
		for (const r of found) respondents.set(r.panel_code, { id: r.id, withdrawn: r.withdrawn_at !== null });
	}
	const answered = new Map<string, string>();
	for (const ids of chunks([...respondents.values()].map((r) => r.id))) {
		const found = await db
			.selectFrom('responses')
			.select(['id', 'respondent_id'])
			.where('wave_id', '=', input.waveId)
			.where('instrument_version_id', '=', versionId)
			.where('respondent_id', 'in', ids)
			.execute();
		for (const r of found) answered.set(r.respondent_id, r.id);
	}

	const ready: ReadyRow[] = [];
	const newCodes = new Set<string>();
	for (const candidate of rows) {
		const { submission, row } = candidate;
		const problems: string[] = [];
		const previous = stored.get(submission.id);
		if (previous && previous.hash === candidate.hash) {
			report.alreadyImported++;
			continue;
		}
		if (previous) problems.push(`response ${submission.id} was imported before with other content; a changed response needs a new _uuid`);
		if (firstUuid.get(submission.id) !== row) problems.push(`_uuid ${submission.id} is also on row ${firstUuid.get(submission.id)}`);
		if (firstCode.get(submission.panelCode) !== row)
			problems.push(`panel code ${submission.panelCode} is also on row ${firstCode.get(submission.panelCode)}`);
		const respondent = respondents.get(submission.panelCode);
		if (respondent?.withdrawn) problems.push(`${submission.panelCode} has withdrawn from the panel`);
		const other = respondent && answered.get(respondent.id);
		if (other && other !== submission.id)
			problems.push(`${submission.panelCode} already has a response to this instrument in this wave (${other})`);
		if (problems.length > 0) report.invalid.push({ row, reasons: problems });
		else {
			ready.push(candidate);
			if (!respondent) newCodes.add(submission.panelCode);
		}
	}
	report.newRespondents = newCodes.size;
	return ready;
}

function chunks<T>(values: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
	return out;
}
