/**
 * Anju → XLSForm (.xlsx through exceljs) → Anju for every instrument of the library: the whole
 * instrument comes back; without the `anju` sheet (as after editing in KoboToolbox) the items,
 * choices, labels in every language and the logic still do. The YAML written for review is the
 * library's own format and loads back to the same content hash.
 */
import { describe, expect, it } from 'vitest';
import type { Instrument } from '$lib/instruments/types';
import { contentHash, loadInstrumentText } from '$lib/server/instrument-files';
import { instrumentToXlsform } from '$lib/xlsform/export';
import { xlsformToInstrument } from '$lib/xlsform/import';
import { ANJU_SHEET } from '$lib/xlsform/anju-sheet';
import { readWorkbook, writeWorkbook } from '$lib/xlsform/workbook';
import { instrumentToYaml } from '$lib/xlsform/yaml';
import { loadInstruments } from '../../fixtures/load-instruments';

const library = loadInstruments();

async function throughXlsx(instrument: Instrument, keepAnjuSheet = true) {
	const sheets = instrumentToXlsform(instrument).filter((s) => keepAnjuSheet || s.name !== ANJU_SHEET);
	return xlsformToInstrument(await readWorkbook(await writeWorkbook(sheets)), { fileName: `${instrument.key}.xlsx` });
}

describe.each(library.map((instrument) => [instrument.key, instrument] as const))('%s', (_, instrument) => {
	it('comes back whole from its XLSForm', async () => {
		const result = await throughXlsx(instrument);
		expect(result.issues).toEqual([]);
		expect(result.instrument).toEqual(instrument);
	});

	it('keeps items, choices, labels and logic without the anju sheet', async () => {
		const result = await throughXlsx(instrument, false);
		expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
		const back = result.instrument!;
		expect(back.languages).toEqual(instrument.languages);
		expect(back.sections.map((s) => [s.key, s.title])).toEqual(instrument.sections.map((s) => [s.key, s.title]));
		expect(back.responseScales.map((s) => ({ key: s.key, options: s.options.map((o) => ({ code: o.code, label: o.label })) }))).toEqual(
			instrument.responseScales.map((s) => ({ key: s.key, options: s.options.map((o) => ({ code: o.code, label: o.label })) }))
		);
		// Reverse coding and recorded audio are scoring and media, which only the anju sheet carries.
		expect(back.items).toEqual(instrument.items.map(({ audio: _audio, ...item }) => ({ ...item, reverse: false })));
	});

	it('writes YAML that loads back to the same content', () => {
		const yaml = instrumentToYaml(instrument);
		const { loaded, errors } = loadInstrumentText(`${instrument.key}.yaml`, yaml);
		expect(errors).toEqual([]);
		expect(loaded?.hash).toBe(contentHash(instrument));
	});
});

it('writes the YAML in the shape of the library files', () => {
	const yaml = instrumentToYaml(library.find((i) => i.key === 'community-participation')!);
	expect(yaml).toMatch(/^key: community-participation\nversion: 1\.0\.0\nlanguages: \[zh-Hans, en\]\n\ntitle:\n {2}zh-Hans: /);
	expect(yaml).toContain(
		'\n\nresponseScales:\n  - key: yesno\n    options:\n      - { code: 1, label: { zh-Hans: 有, en: Yes }, icon: yes }\n'
	);
	expect(yaml).toContain(
		'\n\n  - key: part_types\n    type: multi\n    section: behaviour\n    scale: activity\n    constraint: "not (selected(${part_types}, \'9\') and count-selected(${part_types}) > 1)"\n'
	);
	expect(yaml).toContain('    items: [part_vol, part_meeting, part_suggest]\n    method: sum\n');
	expect(yaml).not.toContain('required: false');
});
