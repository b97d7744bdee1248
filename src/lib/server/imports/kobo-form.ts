/**
 * The KoboToolbox import page's two forms: "check" uploads the CSV (and optionally the XLSForm it
 * was collected with); "import" sends the checked file back from hidden fields, so what is
 * imported is exactly what was checked, and is checked again inside the import's transaction.
 */
import { z } from 'zod';
import type { KoboImportInput } from './kobo-import';
import type { FormNames } from './kobo-rows';
import { decodeFile, encodeFile, uploadedFile } from './upload';
import { previewXlsform } from './xlsform';

export interface KoboFormValues {
	codeColumn: string;
	/** A site id, or '' when the site is named in `siteColumn`. */
	siteId: string;
	siteColumn: string;
	instrumentVersionId: string;
	ignoreUnknown: boolean;
}

/** What the confirm form carries back: the checked file and the names read from its XLSForm. */
export interface KoboCarry {
	csv: string;
	fileName: string;
	names: string;
}

export type KoboFormResult =
	| { ok: true; input: KoboImportInput; values: KoboFormValues; carry: KoboCarry }
	| { ok: false; error: 'missing' | 'too_large' | 'bad_xlsform' | 'bad_carry'; message?: string; values: KoboFormValues };

const formNames = z.object({
	itemKeys: z.record(z.string(), z.string()),
	choiceCodes: z.record(z.string(), z.record(z.string(), z.number()))
});

function readValues(form: FormData): KoboFormValues {
	const text = (name: string) => String(form.get(name) ?? '').trim();
	return {
		codeColumn: text('codeColumn'),
		siteId: text('siteId'),
		siteColumn: text('siteColumn'),
		instrumentVersionId: text('instrumentVersionId'),
		ignoreUnknown: form.get('ignoreUnknown') === 'on'
	};
}

function toInput(
	ids: { projectId: string; waveId: string },
	values: KoboFormValues,
	fileName: string,
	data: Uint8Array,
	names?: FormNames
): KoboImportInput {
	return {
		...ids,
		fileName,
		data,
		codeColumn: values.codeColumn,
		siteId: values.siteId || undefined,
		siteColumn: values.siteId ? undefined : values.siteColumn || undefined,
		instrumentVersionId: values.instrumentVersionId || undefined,
		names,
		ignoreUnknownColumns: values.ignoreUnknown
	};
}

/** The "check" form: the uploaded CSV and, when given, the XLSForm whose names it uses. */
export async function readKoboCheckForm(form: FormData, ids: { projectId: string; waveId: string }): Promise<KoboFormResult> {
	const values = readValues(form);
	const csv = await uploadedFile(form, 'csv');
	if (!csv.ok) return { ok: false, error: csv.error, values };
	let names: FormNames | undefined;
	const xlsform = await uploadedFile(form, 'xlsform');
	if (!xlsform.ok && xlsform.error === 'too_large') return { ok: false, error: 'too_large', values };
	if (xlsform.ok) {
		const preview = await previewXlsform(xlsform.data, { fileName: xlsform.name });
		if (!preview.conversion) return { ok: false, error: 'bad_xlsform', message: preview.issues[0]?.message, values };
		names = { itemKeys: preview.conversion.itemKeys, choiceCodes: preview.conversion.choiceCodes };
	}
	return {
		ok: true,
		input: toInput(ids, values, csv.name, csv.data, names),
		values,
		carry: { csv: encodeFile(csv.data), fileName: csv.name, names: names ? JSON.stringify(names) : '' }
	};
}

/** The "import" form: the file and names checked before, from hidden fields. */
export function readKoboConfirmForm(form: FormData, ids: { projectId: string; waveId: string }): KoboFormResult {
	const values = readValues(form);
	const carry: KoboCarry = {
		csv: String(form.get('csv') ?? ''),
		fileName: String(form.get('fileName') ?? ''),
		names: String(form.get('names') ?? '')
	};
	const data = decodeFile(carry.csv);
	let names: FormNames | undefined;
	try {
		names = carry.names ? formNames.parse(JSON.parse(carry.names)) : undefined;
	} catch {
		return { ok: false, error: 'bad_carry', values };
	}
	if (!data) return { ok: false, error: 'bad_carry', values };
	return { ok: true, input: toInput(ids, values, carry.fileName, data, names), values, carry };
}
