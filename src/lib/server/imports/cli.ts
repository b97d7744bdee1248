/**
 * The import commands of the `anju` CLI (`scripts/anju.ts` dispatches to them):
 *   xlsform import <file.xlsx> [--out file.yaml] [--language TAG]
 *   xlsform export <key> <out.xlsx>
 *   kobo import <file.csv> --project SLUG --wave NAME --code-column COL (--site NAME | --site-column COL)
 *               [--xlsform form.xlsx] [--instrument KEY] [--ignore-unknown-columns] [--dry-run] [--only-valid]
 * Each prints what it found one line at a time and returns the exit code: 0 done, 1 refused, 2 usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { startApp } from '../app';
import { loadInstrumentDirectory } from '../instrument-files';
import { getProjectBySlug } from '../projects';
import { getSiteByName } from '../sites';
import { listWaves } from '../waves';
import { instrumentToXlsform } from '../../xlsform/export';
import { formatIssue } from '../../xlsform/issues';
import { writeWorkbook } from '../../xlsform/workbook';
import { checkKoboImport, importKoboResponses, type KoboImportInput, type KoboReport } from './kobo-import';
import { previewXlsform } from './xlsform';

type Print = (line: string) => void;

class Refusal extends Error {
	constructor(
		message: string,
		readonly code = 1
	) {
		super(message);
	}
}

/** `xlsform import` and `xlsform export`. */
export async function xlsformCommand(args: string[], cfg: Config, out: Print = console.log, err: Print = console.error): Promise<number> {
	return report(err, async () => {
		const [sub, ...rest] = args;
		const { values, positionals } = parseArgs({
			args: rest,
			options: { out: { type: 'string' }, language: { type: 'string' } },
			allowPositionals: true,
			strict: true
		});
		if (sub === 'import') {
			const [file] = positionals;
			if (!file || positionals.length > 1) throw new Refusal('xlsform import needs one .xlsx file', 2);
			const preview = await previewXlsform(readFileSync(file), { fileName: basename(file), language: values.language });
			for (const issue of preview.issues) err(`${issue.severity === 'error' ? 'refused' : 'note'}: ${formatIssue(issue)}`);
			if (!preview.yaml)
				throw new Refusal(`${file}: not imported (${preview.issues.filter((i) => i.severity === 'error').length} refused)`);
			if (values.out) {
				writeFileSync(values.out, preview.yaml);
				err(`Wrote ${values.out}. Review it, then put it in ${cfg.instrumentsDir}/ and run: npm run anju -- instruments check`);
			} else out(preview.yaml.trimEnd());
			return 0;
		}
		if (sub === 'export') {
			const [key, target] = positionals;
			if (!key || !target || positionals.length > 2)
				throw new Refusal('xlsform export needs an instrument key and an .xlsx file to write', 2);
			const { instruments, errors } = loadInstrumentDirectory(cfg.instrumentsDir, cfg.staticDir);
			if (errors.length > 0) throw new Refusal(`the instrument library has errors; run: npm run anju -- instruments check`);
			const loaded = instruments.find((l) => l.instrument.key === key);
			if (!loaded)
				throw new Refusal(`no instrument '${key}' in ${cfg.instrumentsDir} (keys: ${instruments.map((l) => l.instrument.key).join(', ')})`);
			writeFileSync(target, await writeWorkbook(instrumentToXlsform(loaded.instrument)));
			out(`Wrote ${target}: ${key} ${loaded.instrument.version} as an XLSForm (${loaded.instrument.items.length} items).`);
			return 0;
		}
		throw new Refusal(`unknown command 'xlsform ${sub ?? ''}' (xlsform import | xlsform export)`, 2);
	});
}

/** `kobo import`: a dry run with --dry-run, else the import (refused when a row is invalid, unless --only-valid). */
export async function koboCommand(args: string[], cfg: Config, out: Print = console.log, err: Print = console.error): Promise<number> {
	return report(err, async () => {
		const [sub, ...rest] = args;
		if (sub !== 'import') throw new Refusal(`unknown command 'kobo ${sub ?? ''}' (kobo import)`, 2);
		const { values, positionals } = parseArgs({
			args: rest,
			options: {
				project: { type: 'string' },
				wave: { type: 'string' },
				'code-column': { type: 'string' },
				site: { type: 'string' },
				'site-column': { type: 'string' },
				xlsform: { type: 'string' },
				instrument: { type: 'string' },
				'ignore-unknown-columns': { type: 'boolean' },
				'dry-run': { type: 'boolean' },
				'only-valid': { type: 'boolean' }
			},
			allowPositionals: true,
			strict: true
		});
		const [file] = positionals;
		if (!file || !values.project || !values.wave || !values['code-column'] || !(values.site || values['site-column']))
			throw new Refusal(
				'kobo import needs <file.csv> --project SLUG --wave NAME --code-column COLUMN and --site NAME or --site-column COLUMN',
				2
			);
		let names: KoboImportInput['names'];
		if (values.xlsform) {
			const preview = await previewXlsform(readFileSync(values.xlsform), { fileName: basename(values.xlsform) });
			if (!preview.conversion) throw new Refusal(`${values.xlsform}: ${preview.issues[0]?.message ?? 'not an XLSForm'}`);
			names = { itemKeys: preview.conversion.itemKeys, choiceCodes: preview.conversion.choiceCodes };
		}
		const { db } = await startApp(cfg, err);
		try {
			const project = await getProjectBySlug(db, values.project);
			if (!project) throw new Refusal(`no project with slug '${values.project}'`);
			const waves = await listWaves(db, project.id);
			const wave = waves.find((w) => w.id === values.wave || w.name === values.wave);
			if (!wave)
				throw new Refusal(`project '${project.slug}' has no wave '${values.wave}' (waves: ${waves.map((w) => `'${w.name}'`).join(', ')})`);
			const site = values.site ? await getSiteByName(db, project.id, values.site) : undefined;
			if (values.site && !site) throw new Refusal(`project '${project.slug}' has no site '${values.site}'`);
			const versionId = values.instrument ? await versionOf(db, wave.id, values.instrument) : undefined;
			const input: KoboImportInput = {
				projectId: project.id,
				waveId: wave.id,
				fileName: basename(file),
				data: readFileSync(file),
				codeColumn: values['code-column'],
				siteId: site?.id,
				siteColumn: site ? undefined : values['site-column'],
				instrumentVersionId: versionId,
				names,
				ignoreUnknownColumns: values['ignore-unknown-columns'] ?? false
			};
			if (values['dry-run']) {
				const dryRun = await checkKoboImport(db, input);
				printReport(dryRun, out);
				return dryRun.fileProblems.length > 0 || dryRun.invalid.length > 0 ? 1 : 0;
			}
			const outcome = await importKoboResponses(db, input, { onlyValid: values['only-valid'] ?? false, actor: 'cli' });
			printReport(outcome.report, out);
			if (outcome.status === 'refused')
				throw new Refusal(
					outcome.reason === 'file'
						? 'nothing imported: the file cannot be imported'
						: 'nothing imported: some rows are invalid (add --only-valid to import the others)'
				);
			out(`Imported ${outcome.imported} response(s) into ${project.slug} / ${wave.name}.`);
			return 0;
		} finally {
			await db.destroy();
		}
	});
}

async function versionOf(db: Awaited<ReturnType<typeof startApp>>['db'], waveId: string, key: string): Promise<string> {
	const row = await db
		.selectFrom('wave_instruments')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'wave_instruments.instrument_version_id')
		.select('instrument_versions.id')
		.where('wave_instruments.wave_id', '=', waveId)
		.where('instrument_versions.instrument_key', '=', key)
		.executeTakeFirst();
	if (!row) throw new Refusal(`the wave does not ask instrument '${key}'`);
	return row.id;
}

function printReport(report: KoboReport, out: Print): void {
	for (const problem of report.fileProblems) out(`file: ${problem}`);
	if (report.fileProblems.length > 0) return;
	if (report.instrument)
		out(`instrument: ${report.instrument.key} ${report.instrument.version} (${report.matchedColumns.length} columns matched)`);
	if (report.unknownColumns.length > 0) out(`columns matching no item: ${report.unknownColumns.join(', ')}`);
	for (const { row, reasons } of report.invalid) out(`row ${row}: ${reasons.join('; ')}`);
	out(
		`${report.rows} row(s): ${report.ready} ready, ${report.alreadyImported} imported before, ${report.invalid.length} invalid; ${report.newRespondents} new respondent(s).`
	);
}

async function report(err: Print, run: () => Promise<number>): Promise<number> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof Refusal) {
			err(`anju: ${error.message}`);
			return error.code;
		}
		const code = (error as { code?: string }).code;
		if (code === 'ENOENT' || code?.startsWith('ERR_PARSE_ARGS')) {
			err(`anju: ${(error as Error).message}`);
			return code === 'ENOENT' ? 1 : 2;
		}
		throw error;
	}
}
