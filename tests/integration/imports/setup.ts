/**
 * A library in a temporary instruments folder (a copy of instruments/) and the household form of
 * tests/fixtures/kobo, for the import tests.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '$lib/server/db/create-db';
import { loadInstrumentDirectory, type LoadedInstrument } from '$lib/server/instrument-files';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { addImportedInstrument, previewXlsform } from '$lib/server/imports/xlsform';
import { writeWorkbook } from '$lib/xlsform/workbook';
import type { FormNames } from '$lib/server/imports/kobo-rows';
import { makeTempDir } from '../../helpers/db';
import { createHouseholdWave, householdSheets } from '../../fixtures/kobo/household-form';

export interface TempLibrary {
	dir: string;
	library: LoadedInstrument[];
	/** Removes the temporary folder. */
	cleanup: () => void;
}

/** instruments/*.yaml copied into a temporary folder and loaded from there. */
export function tempLibrary(): TempLibrary {
	const dir = join(makeTempDir('anju-library-'), 'instruments');
	cpSync('instruments', dir, { recursive: true });
	const { instruments, errors } = loadInstrumentDirectory(dir, 'static');
	if (errors.length > 0) throw new Error(errors.join('\n'));
	return { dir, library: instruments, cleanup: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}

export async function householdXlsx(): Promise<Uint8Array> {
	return writeWorkbook(householdSheets());
}

export function fixture(name: string): Uint8Array {
	return readFileSync(join('tests/fixtures/kobo', name));
}

export interface HouseholdProject {
	projectId: string;
	waveId: string;
	versionId: string;
	riversideId: string;
	hillsideId: string;
	names: FormNames;
}

let counter = 0;

/** A project whose baseline wave asks the household form, imported from its XLSForm. */
export async function householdProject(db: Db, temp: TempLibrary): Promise<HouseholdProject> {
	const preview = await previewXlsform(await householdXlsx(), { fileName: 'household.xlsx' });
	if (!preview.yaml || !preview.conversion) throw new Error('the household form does not convert');
	await syncInstrumentLibrary(db, temp.library);
	if (!temp.library.some((l) => l.instrument.key === 'household')) {
		const added = await addImportedInstrument(db, temp.library, preview.yaml, {
			instrumentsDir: temp.dir,
			staticDir: 'static',
			actor: 'test'
		});
		if (!added.ok) throw new Error(added.errors.join('\n'));
	}
	const versionId = temp.library.find((l) => l.instrument.key === 'household')!.hash;
	const wave = await createHouseholdWave(db, versionId, `kobo-${++counter}`);
	return {
		projectId: wave.projectId,
		waveId: wave.waveId,
		versionId,
		riversideId: wave.riversideId,
		hillsideId: wave.hillsideId,
		names: { itemKeys: preview.conversion.itemKeys, choiceCodes: preview.conversion.choiceCodes }
	};
}
