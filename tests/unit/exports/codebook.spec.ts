/**
 * The codebook and variables of the real instrument library: what an evaluator reads to analyse
 * the wide file. (The fixture project's codebook is checked byte for byte by the golden files.)
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../helpers/db';
import type { ExportCatalog } from '$lib/exports/catalog';
import { codebookCsv, codebookHtml } from '$lib/exports/codebook';
import { wideVariables } from '$lib/exports/variables';
import type { ExportOptions } from '$lib/exports/options';

const library = loadLibrary();
const catalog: ExportCatalog = {
	project: { id: 'p', slug: 'demo', name: '示范 <demo> & co', languages: ['zh-Hans', 'en'] },
	waves: [{ id: 'w1', name: 'Baseline', order: 1 }],
	sites: [{ id: 's1', name: 'Site', arm: 'project' }],
	instruments: library.map((l) => ({
		key: l.instrument.key,
		versions: [{ id: l.hash, version: l.instrument.version, instrument: l.instrument }]
	}))
};
const options: ExportOptions = {
	waveIds: ['w1'],
	includeExcluded: false,
	includeWithdrawn: false,
	panelCodes: false,
	bom: false,
	language: 'en',
	key: null
};
type Row = Record<string, string>;
const rows = parse(codebookCsv(catalog, wideVariables(catalog, options), options), { columns: true }) as Row[];
const row = (variable: string) => rows.find((r) => r.variable === variable)!;

describe('the codebook of the instrument library', () => {
	it('has one entry per wide column, names unique and valid in R, SPSS and Stata', () => {
		const names = wideVariables(catalog, options).map((v) => v.name);
		expect(rows.map((r) => r.variable)).toEqual(names);
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]{0,31}$/);
	});

	it('gives labels in every language, codes with value labels and the "don\'t know" code', () => {
		expect(row('bscs_1')).toMatchObject({
			instrument: 'community-identity',
			type: 'likert',
			label_en: 'Most of what I need for daily life, I can find in this community.',
			missing_codes: '9',
			reverse: '0'
		});
		expect(row('bscs_1')['label_zh-Hans']).toBe('过日子需要的东西和帮助，在这个社区基本都能找到。');
		expect(row('bscs_1').values_en).toBe(
			"1 = Strongly disagree | 2 = Disagree | 3 = In between | 4 = Agree | 5 = Strongly agree | 9 = Don't know / prefer not to say"
		);
		expect(row('bscs_1')['values_zh-Hans']).toContain('1 = 很不同意');
	});

	it('marks reverse-coded items and lists the scales an item is scored in', () => {
		expect(row('bel_guest')).toMatchObject({ reverse: '1', scales: 'belonging' });
		expect(row('bscs_3').scales!.split(' ')).toEqual(expect.arrayContaining(['membership', 'sense_of_community', 'belonging']));
	});

	it('keeps the relevance condition and splits a multi item into 0/1 options', () => {
		expect(row('part_vol_hours')).toMatchObject({ type: 'number', relevance: '${part_vol} = 1' });
		expect(row('part_types_1')).toMatchObject({ kind: 'option', type: 'multi', values_en: '0 = Not selected | 1 = Selected' });
		expect(row('part_types_1').label_en).toMatch(/: Square dancing or exercise$/);
		expect(row('part_types_9')).toBeDefined();
	});

	it('describes each scale score: its label and how it is computed', () => {
		expect(row('score_belonging')).toMatchObject({ kind: 'score', type: 'score', versions: '1.1.0' });
		expect(row('score_belonging').scoring).toMatch(/^mean\(.*bel_guest.*\); reverse\(bel_guest, bel_leave\); min_answered=/);
		expect(row('score_wellbeing').scoring).toContain('transform=x*4+0');
	});

	it('and as a page: escaped, headed in the export’s language, every variable in it', () => {
		const html = codebookHtml(catalog, wideVariables(catalog, options), options);
		expect(html).toContain('<title>Codebook · 示范 &lt;demo&gt; &amp; co</title>');
		expect(html).not.toContain('<demo>');
		for (const r of rows) expect(html).toContain(`<code>${r.variable}</code>`);
		expect(codebookHtml(catalog, wideVariables(catalog, options), { ...options, language: 'zh-Hans' })).toContain('<h1>编码手册');
	});
});
