/**
 * Every export file as a sequence of text chunks: the data files a page of people at a time
 * (see read.ts), the codebook and syntax files whole (they are small).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ExportCatalog } from '../../exports/catalog';
import type { ExportFile, ExportOptions } from '../../exports/options';
import { BOM } from '../../exports/csv';
import { ByteChunks } from '../../exports/bytes';
import { LongWriter } from '../../exports/long';
import { WideWriter } from '../../exports/wide';
import { scoreVariables, wideVariables } from '../../exports/variables';
import { codebookCsv, codebookHtml } from '../../exports/codebook';
import { rScript } from '../../exports/syntax-r';
import { spssSyntax } from '../../exports/syntax-spss';
import { stataDo } from '../../exports/syntax-stata';
import type { ExportPerson } from '../../exports/records';
import { readExportPersons } from './read';

interface Writer {
	header(): string;
	person(person: ExportPerson, out: ByteChunks): void;
}

const encoder = new TextEncoder();

async function* dataChunks(
	db: Kysely<Database>,
	catalog: ExportCatalog,
	options: ExportOptions,
	writer: Writer,
	scores: boolean,
	answers: boolean
) {
	const out = new ByteChunks();
	out.text((options.bom ? BOM : '') + writer.header());
	const persons =
		options.waveIds.length === 0
			? []
			: readExportPersons(db, catalog.project.id, {
					waveIds: options.waveIds,
					includeExcluded: options.includeExcluded,
					includeWithdrawn: options.includeWithdrawn,
					panelCodes: options.panelCodes,
					answers,
					scores,
					key: options.key!
				});
	for await (const page of persons) {
		for (const person of page) {
			writer.person(person, out);
			if (out.full()) yield out.take();
		}
	}
	if (out.length > 0) yield out.take();
}

/** The chunks of one export file. Data files need `options.key` (checked by the caller). */
export async function* exportFileChunks(
	db: Kysely<Database>,
	catalog: ExportCatalog,
	options: ExportOptions,
	file: ExportFile
): AsyncGenerator<Uint8Array> {
	const variables = wideVariables(catalog, options);
	const syntax = { catalog, variables, options };
	switch (file) {
		case 'long.csv':
			return yield* dataChunks(db, catalog, options, new LongWriter(catalog, options), false, true);
		case 'wide.csv':
			return yield* dataChunks(db, catalog, options, new WideWriter(catalog, options, variables), true, true);
		case 'scores.csv':
			return yield* dataChunks(db, catalog, options, new WideWriter(catalog, options, scoreVariables(variables)), true, false);
		case 'codebook.csv':
			return yield encoder.encode((options.bom ? BOM : '') + codebookCsv(catalog, variables, options));
		case 'codebook.html':
			return yield encoder.encode(codebookHtml(catalog, variables, options));
		case 'anju.R':
			return yield encoder.encode(rScript(syntax));
		case 'anju.sps':
			return yield encoder.encode(spssSyntax(syntax));
		case 'anju.do':
			return yield encoder.encode(stataDo(syntax));
	}
}
