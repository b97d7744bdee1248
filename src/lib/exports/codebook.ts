/**
 * The codebook of an export: one entry per variable of the wide file (the long file's items are the
 * same), as CSV and as a page to read. Labels and value labels appear in every language of the
 * project. Pure.
 */
import { baseLocale, isLocale } from '../paraglide/runtime';
import { m } from '../paraglide/messages';
import { textIn, type ExportCatalog } from './catalog';
import { csvRecord } from './csv';
import type { ExportOptions } from './options';
import type { ExportVariable } from './variables';

/** A variable's type: the item type for items, `multi` for a multi item's 0/1 options, else its storage. */
export function variableType(variable: ExportVariable): string {
	if (variable.kind === 'score') return 'score';
	return variable.itemType ?? variable.storage;
}

/** `1 = Agree | 9 = Don't know` in one language. */
export function valueLabelText(variable: ExportVariable, language: string): string {
	return variable.values.map((v) => `${v.code} = ${textIn(v.label, language)}`).join(' | ');
}

export function codebookColumns(languages: string[]): string[] {
	return [
		'variable',
		'kind',
		'instrument',
		'versions',
		'item',
		'type',
		...languages.map((l) => `label_${l}`),
		...languages.map((l) => `values_${l}`),
		'missing_codes',
		'scales',
		'reverse',
		'relevance',
		'scoring'
	];
}

function codebookRow(variable: ExportVariable, languages: string[]): string[] {
	return [
		variable.name,
		variable.kind,
		variable.instrument ?? '',
		(variable.versions ?? []).join(' '),
		variable.item ?? '',
		variableType(variable),
		...languages.map((l) => textIn(variable.label, l)),
		...languages.map((l) => valueLabelText(variable, l)),
		variable.values
			.filter((v) => v.missing)
			.map((v) => v.code)
			.join(' '),
		variable.scales.join(' '),
		variable.kind === 'item' || variable.kind === 'option' ? (variable.reverse ? '1' : '0') : '',
		variable.relevance ?? '',
		variable.scoring ?? ''
	];
}

/** The codebook as CSV (the same RFC 4180 form as the data files). */
export function codebookCsv(catalog: ExportCatalog, variables: ExportVariable[], options: ExportOptions): string {
	const languages = catalog.project.languages;
	return [codebookColumns(languages), ...variables.map((v) => codebookRow(v, languages))].map((r) => csvRecord(r, options.bom)).join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Cells of one variable: its label and value labels in every language, each marked with its language. */
function localizedCell(texts: [string, string][]): string {
	return texts
		.filter(([, text]) => text !== '')
		.map(([language, text]) => `<div lang="${escapeHtml(language)}">${escapeHtml(text)}</div>`)
		.join('');
}

type Translate = (message: (inputs?: Record<string, never>, options?: { locale?: 'en' | 'zh-Hans' }) => string) => string;

/** One line per code: `1 = 不同意 · Disagree`, "don't know" codes marked as missing. */
function valueList(variable: ExportVariable, languages: string[], t: Translate): string {
	return variable.values
		.map((v) => {
			const labels = languages.map((l) => `<span lang="${escapeHtml(l)}">${escapeHtml(textIn(v.label, l))}</span>`).join(' · ');
			const missing = v.missing ? ` <span class="note">${t(m.export_codebook_missing)}</span>` : '';
			return `<div>${v.code} = ${labels}${missing}</div>`;
		})
		.join('');
}

function variableRow(variable: ExportVariable, languages: string[], t: Translate): string {
	const cells = [
		`<th scope="row"><code>${escapeHtml(variable.name)}</code></th>`,
		`<td>${localizedCell(languages.map((l) => [l, textIn(variable.label, l)]))}</td>`,
		`<td>${escapeHtml(variableType(variable))}${variable.reverse ? ` <span class="flag">${t(m.export_codebook_reverse)}</span>` : ''}</td>`,
		`<td class="values">${valueList(variable, languages, t)}</td>`,
		`<td>${escapeHtml(variable.scales.join(' '))}${variable.scoring ? `<div class="note"><code>${escapeHtml(variable.scoring)}</code></div>` : ''}</td>`,
		`<td>${variable.relevance ? `<code>${escapeHtml(variable.relevance)}</code>` : ''}</td>`,
		`<td>${escapeHtml((variable.versions ?? []).join(' '))}</td>`
	];
	return `<tr>${cells.join('')}</tr>`;
}

/** The codebook as a page that stands on its own (no scripts, styles inline), headings in the export's language. */
export function codebookHtml(catalog: ExportCatalog, variables: ExportVariable[], options: ExportOptions): string {
	const languages = catalog.project.languages;
	const locale = isLocale(options.language) ? options.language : baseLocale;
	const t: Translate = (message) => escapeHtml(message({}, { locale }));
	const head = [
		m.export_codebook_variable,
		m.export_codebook_label,
		m.export_codebook_type,
		m.export_codebook_values,
		m.export_codebook_scales,
		m.export_codebook_relevance,
		m.export_codebook_versions
	]
		.map((message) => `<th scope="col">${t(message)}</th>`)
		.join('');
	const groups: { title: string; rows: ExportVariable[] }[] = [
		{ title: t(m.export_codebook_row_variables), rows: variables.filter((v) => v.kind === 'row') },
		...catalog.instruments.map((instrument) => {
			const newest = instrument.versions[instrument.versions.length - 1]!.instrument;
			return {
				title: `${escapeHtml(textIn(newest.title, options.language))} <code>${escapeHtml(instrument.key)}</code>`,
				rows: variables.filter((v) => v.kind !== 'row' && v.instrument === instrument.key)
			};
		})
	];
	const sections = groups
		.filter((g) => g.rows.length > 0)
		.map(
			(g) =>
				`<section><h2>${g.title}</h2><div class="wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${g.rows
					.map((v) => variableRow(v, languages, t))
					.join('\n')}\n</tbody></table></div></section>`
		)
		.join('\n');
	const title = `${t(m.export_codebook_title)} · ${escapeHtml(catalog.project.name)}`;
	return `<!doctype html>
<html lang="${escapeHtml(options.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font-family: system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; margin: 1rem; color: #1f2a2e; line-height: 1.5; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: start; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #c9d3d6; }
thead th { background: #e3f1ec; }
tbody th { white-space: nowrap; }
td.values { min-width: 16rem; }
.note { color: #56656b; font-size: 0.85rem; }
.flag { color: #8a4b00; }
</style>
</head>
<body>
<h1>${title}</h1>
<p>${t(m.export_codebook_intro)}</p>
${sections}
</body>
</html>
`;
}
