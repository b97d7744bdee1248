/**
 * KoboToolbox responses (CSV, "XML values and headers") into a wave. Each row becomes a response
 * exactly as a submission would (`submission.ts`): same validation against the instrument version,
 * same respondents, same answer and score rows, mode 'interviewer'. Kobo's `_uuid` is the response
 * id, so importing a file twice adds nothing. A dry run reports every row that cannot be imported
 * and why; the import writes nothing unless every row is valid (or the user chose the valid rows
 * only), and then writes all of them in one transaction, audited.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { LocalizedText } from '../../instruments/types';
import { actorFields, recordAudit, type Actor } from '../audit';
import { withWriteRetry } from '../db/create-db';
import { nowIso } from '../ids';
import { bumpDataVersion } from '../projects';
import { insertResponse } from '../responses';
import { parseSubmission, prepareRows, SubmissionError, submissionHash, type PreparedRows, type Submission } from '../submission';
import { CsvFileError, parseCsv, type CsvTable } from './kobo-csv';
import { fileContext } from './kobo-context';
import { readAnswers, timesOf, type FormNames } from './kobo-rows';
import { checkAgainstStored } from './kobo-stored';

export interface KoboImportInput {
	projectId: string;
	waveId: string;
	fileName: string;
	/** The CSV file as uploaded. */
	data: Uint8Array;
	/** Header of the column holding panel codes. */
	codeColumn: string;
	/** Every row is from this site … */
	siteId?: string;
	/** … or this column names each row's site. */
	siteColumn?: string;
	/** Needed only when the columns fit several of the wave's instruments equally well. */
	instrumentVersionId?: string;
	/** Names from the XLSForm the data was collected with (choice names that are not codes). */
	names?: FormNames;
	/** Leave out columns that match no item instead of refusing rows that have values in them. */
	ignoreUnknownColumns?: boolean;
}

export interface KoboRowProblem {
	/** Spreadsheet row: the header is row 1. */
	row: number;
	reasons: string[];
}

export interface KoboReport {
	/** Problems with the file as a whole; no row can be imported until they are fixed. */
	fileProblems: string[];
	headers: string[];
	separator?: string;
	instrument?: { versionId: string; key: string; version: string; title: LocalizedText };
	/** The wave's instrument versions and how many columns match their items. */
	candidates: { versionId: string; key: string; version: string; matched: number }[];
	matchedColumns: { header: string; item: string }[];
	metadataColumns: string[];
	unknownColumns: string[];
	/** Answer rows in the file. */
	rows: number;
	/** Rows that would be stored now. */
	ready: number;
	/** Rows whose `_uuid` is already stored with the same content. */
	alreadyImported: number;
	invalid: KoboRowProblem[];
	/** Panel codes among the ready rows that are not yet respondents of the project. */
	newRespondents: number;
	/** SHA-256 of the file, for the audit log. */
	sha256: string;
}

export type KoboImportOutcome =
	{ status: 'imported'; report: KoboReport; imported: number } | { status: 'refused'; report: KoboReport; reason: 'file' | 'invalid_rows' };

export interface ReadyRow {
	row: number;
	submission: Submission;
	hash: string;
	prepared: PreparedRows;
}

/** What importing the file would do, without writing anything. */
export async function checkKoboImport(db: Kysely<Database>, input: KoboImportInput): Promise<KoboReport> {
	return (await analyse(db, input)).report;
}

/**
 * Imports the file in one transaction: refused as a whole when the file has problems, or when a
 * row is invalid and `onlyValid` was not chosen. Rows already imported are left as they are.
 */
export async function importKoboResponses(
	db: Kysely<Database>,
	input: KoboImportInput,
	options: { onlyValid: boolean; actor: Actor }
): Promise<KoboImportOutcome> {
	return withWriteRetry(() =>
		db.transaction().execute(async (trx) => {
			const { report, ready } = await analyse(trx, input);
			if (report.fileProblems.length > 0) return { status: 'refused', report, reason: 'file' } as const;
			if (report.invalid.length > 0 && !options.onlyValid) return { status: 'refused', report, reason: 'invalid_rows' } as const;
			if (ready.length === 0) return { status: 'imported', report, imported: 0 } as const;
			const receivedAt = nowIso();
			for (const { submission, hash, prepared } of ready)
				await insertResponse(trx, input.projectId, { submission, hash, rows: prepared, receivedAt });
			await bumpDataVersion(trx, input.projectId);
			await recordAudit(trx, {
				...actorFields(options.actor),
				action: 'responses.import',
				entityType: 'wave',
				entityId: input.waveId,
				projectId: input.projectId,
				after: {
					source: 'KoboToolbox CSV',
					file: input.fileName,
					sha256: report.sha256,
					instrumentVersionId: report.instrument?.versionId,
					rows: report.rows,
					imported: ready.length,
					alreadyImported: report.alreadyImported,
					invalidRowsLeftOut: report.invalid.length,
					newRespondents: report.newRespondents
				}
			});
			return { status: 'imported', report, imported: ready.length } as const;
		})
	);
}

async function analyse(db: Kysely<Database>, input: KoboImportInput): Promise<{ report: KoboReport; ready: ReadyRow[] }> {
	const report: KoboReport = {
		fileProblems: [],
		headers: [],
		candidates: [],
		matchedColumns: [],
		metadataColumns: [],
		unknownColumns: [],
		rows: 0,
		ready: 0,
		alreadyImported: 0,
		invalid: [],
		newRespondents: 0,
		sha256: createHash('sha256').update(input.data).digest('hex')
	};
	let table: CsvTable;
	try {
		table = parseCsv(input.data);
	} catch (error) {
		if (!(error instanceof CsvFileError)) throw error;
		report.fileProblems.push(error.message);
		return { report, ready: [] };
	}
	Object.assign(report, { headers: table.headers, separator: table.separator, rows: table.rows.length });

	const context = await fileContext(db, input, table, report);
	if (!context) return { report, ready: [] };
	const { instrument, versionId, roles, codeIndex, uuidIndex, siteOf } = context;
	const language = instrument.languages[0] as string;

	const candidates: ReadyRow[] = [];
	for (const { row, cells } of table.rows) {
		const problems: string[] = [];
		if (cells.length !== table.headers.length)
			problems.push(`has ${cells.length} values but the header has ${table.headers.length} columns`);
		const code = (cells[codeIndex] ?? '').trim();
		if (code === '') problems.push(`no panel code in column '${input.codeColumn}'`);
		const uuid = (cells[uuidIndex] ?? '').trim();
		if (uuid === '') problems.push('no _uuid');
		const site = siteOf(cells);
		if (typeof site === 'object') problems.push(site.problem);
		const times = timesOf(table.headers, cells);
		if ('problem' in times) problems.push(times.problem);
		const { answers, problems: valueProblems } = readAnswers(table.headers, roles, cells, instrument, {
			names: input.names,
			ignoreUnknown: input.ignoreUnknownColumns ?? false
		});
		problems.push(...valueProblems);
		const envelope = {
			id: uuid,
			waveId: input.waveId,
			siteId: typeof site === 'string' ? site : '',
			instrumentVersionId: versionId,
			panelCode: code,
			mode: 'interviewer',
			language,
			consentAt: null,
			startedAt: 'startedAt' in times ? times.startedAt : '',
			completedAt: 'startedAt' in times ? times.completedAt : null,
			status: 'complete',
			answers
		};
		const submission = attempt(() => parseSubmission(envelope), envelope, problems);
		// The answers are checked even when the envelope is not valid, so the row lists all its problems.
		const prepared = attempt(() => prepareRows(instrument, submission ?? (envelope as Submission)), envelope, problems);
		if (problems.length > 0 || !submission || !prepared) report.invalid.push({ row, reasons: problems });
		else candidates.push({ row, submission, hash: submissionHash(submission), prepared });
	}

	const ready = await checkAgainstStored(db, input, versionId, candidates, report);
	report.invalid.sort((a, b) => a.row - b.row);
	report.ready = ready.length;
	return { report, ready };
}

/** Runs a submission step; its SubmissionError becomes the row's problems (minus those already said). */
function attempt<T>(step: () => T, envelope: Record<string, unknown>, problems: string[]): T | undefined {
	try {
		return step();
	} catch (error) {
		if (!(error instanceof SubmissionError)) throw error;
		const issues = error.issues.length > 0 ? error.issues : [{ path: error.path ?? '', message: error.message }];
		for (const { path, message } of issues) {
			// An empty field here is a missing code, _uuid, site or time, reported already in plain words.
			if (envelope[path] === '') continue;
			if (path === 'panelCode')
				problems.push(`'${String(envelope.panelCode)}' is not a valid panel code (its check character does not match)`);
			else if (path === 'id') problems.push(`_uuid '${String(envelope.id)}' is not a UUID`);
			else problems.push(path.startsWith('answers.') ? message : `${path}: ${message}`);
		}
		return undefined;
	}
}
