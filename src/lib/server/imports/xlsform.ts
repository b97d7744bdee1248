/**
 * XLSForm in and out of the instrument library. An uploaded workbook becomes YAML shown for
 * review; adding it writes the file into the instruments folder and stores the version as the
 * library is stored at start-up, audited, in one transaction (the file is put back if that fails).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../audit';
import { nowIso } from '../ids';
import { loadInstrumentText, type LoadedInstrument } from '../instrument-files';
import { getInstrumentForPage, storeInstrumentVersion } from '../instruments';
import { xlsformToInstrument, type XlsformImport } from '../../xlsform/import';
import { instrumentToXlsform } from '../../xlsform/export';
import type { XlsformIssue } from '../../xlsform/issues';
import { readWorkbook, WorkbookError, writeWorkbook } from '../../xlsform/workbook';
import { instrumentToYaml } from '../../xlsform/yaml';

export interface XlsformPreview {
	/** The YAML to review, when the form could be converted. */
	yaml?: string;
	issues: XlsformIssue[];
	/** Name → key and choice codes, for reading KoboToolbox data collected with this form. */
	conversion?: XlsformImport;
}

/** Converts an uploaded workbook; a file that is not a workbook is one `workbook` error. */
export async function previewXlsform(data: Uint8Array, options: { fileName?: string; language?: string } = {}): Promise<XlsformPreview> {
	let sheets;
	try {
		sheets = await readWorkbook(data);
	} catch (error) {
		if (!(error instanceof WorkbookError)) throw error;
		return { issues: [{ severity: 'error', sheet: 'workbook', message: error.message }] };
	}
	const conversion = xlsformToInstrument(sheets, options);
	return { yaml: conversion.instrument && instrumentToYaml(conversion.instrument), issues: conversion.issues, conversion };
}

export interface AddInstrumentContext {
	instrumentsDir: string;
	staticDir: string;
	actor: Actor;
}

export type AddInstrumentResult = { ok: true; loaded: LoadedInstrument; replaced?: string } | { ok: false; errors: string[] };

/**
 * Validates reviewed YAML, writes it as `<key>.yaml` (or over the library file of the same key:
 * a new version replaces the old one, which stays stored) and stores the version. Updates
 * `library` in place, so the running server lists the new instrument at once.
 */
export async function addImportedInstrument(
	db: Kysely<Database>,
	library: LoadedInstrument[],
	yaml: string,
	ctx: AddInstrumentContext
): Promise<AddInstrumentResult> {
	const probe = loadInstrumentText('(reviewed YAML)', yaml, ctx.staticDir);
	if (!probe.loaded) return { ok: false, errors: probe.errors };
	const { key, version } = probe.loaded.instrument;
	const sameKey = library.find((l) => l.instrument.key === key);
	const path = sameKey ? sameKey.file : join(ctx.instrumentsDir, `${key}.yaml`);
	const file = shownPath(path);
	const loaded = { ...probe.loaded, file };

	const stored = await db
		.selectFrom('instrument_versions')
		.select(['id'])
		.where('instrument_key', '=', key)
		.where('version', '=', version)
		.executeTakeFirst();
	if (stored) {
		const same = stored.id === loaded.hash;
		return {
			ok: false,
			errors: [
				same
					? `instrument '${key}' version ${version} is already in the library with exactly this content`
					: `instrument '${key}' version ${version} is already stored with other content; change 'version' in the YAML`
			]
		};
	}
	if (!sameKey && existsSync(path))
		return { ok: false, errors: [`${file} already exists but is not in the loaded library; move it away first`] };

	const previous = sameKey && existsSync(path) ? readFileSync(path) : undefined;
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, yaml.endsWith('\n') ? yaml : `${yaml}\n`);
	renameSync(temporary, path);
	try {
		await db.transaction().execute((trx) =>
			storeInstrumentVersion(trx, loaded, nowIso(), {
				actor: ctx.actor,
				action: 'instrument_version.import',
				before: sameKey ? { key, version: sameKey.instrument.version, file } : undefined
			})
		);
	} catch (error) {
		if (previous) writeFileSync(path, previous);
		else rmSync(path, { force: true });
		throw error;
	}
	const index = library.findIndex((l) => l.instrument.key === key);
	if (index >= 0) library.splice(index, 1, loaded);
	else library.push(loaded);
	return { ok: true, loaded, replaced: sameKey?.instrument.version };
}

function shownPath(path: string): string {
	const rel = relative(process.cwd(), path);
	return rel.startsWith('..') ? path : rel;
}

/** An instrument version (the library's current one unless `versionId`) as an XLSForm workbook. */
export async function exportInstrumentXlsform(
	db: Kysely<Database>,
	library: LoadedInstrument[],
	key: string,
	versionId: string | null
): Promise<{ data: Uint8Array; fileName: string } | undefined> {
	const version = await getInstrumentForPage(db, library, key, versionId);
	if (!version) return undefined;
	const data = await writeWorkbook(instrumentToXlsform(version.instrument));
	return { data, fileName: `${key}-${version.version}.xlsx` };
}
