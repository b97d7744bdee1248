/**
 * The R script: reads the wide file with base R only (`read.csv`, column types fixed so that a
 * text column of digits stays text), sets each variable's `label` attribute (shown by RStudio's
 * viewer, Hmisc and labelled) and, as REDCap's script does, adds a factor `<name>.factor` with
 * the value labels beside each coded variable; the codes themselves also carry their labels in
 * a haven-style `labels` attribute. Dates become `Date`. Pure.
 */
import { describeExport, labelOf, valueText, wideFileName, type SyntaxInput } from './syntax-shared';
import type { ExportVariable } from './variables';

/** An R string literal (UTF-8 kept as is). */
export function rString(text: string): string {
	return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function rClass(variable: ExportVariable): string {
	if (variable.name === 'wave_order') return 'integer';
	return variable.storage === 'text' || variable.storage === 'date' ? 'character' : 'numeric';
}

const column = (name: string) => `data[[${rString(name)}]]`;

export function rScript(input: SyntaxInput): string {
	const { variables, options } = input;
	const language = options.language;
	const lines: string[] = [
		...describeExport(input).map((l) => `# ${l}`),
		'# Open it as UTF-8: source("<this file>", encoding = "UTF-8"), or from RStudio.',
		'',
		`data <- read.csv(${rString(wideFileName(input))}, fileEncoding = "UTF-8-BOM", na.strings = "", check.names = FALSE,`,
		'  colClasses = c(',
		variables.map((v, i) => `    ${rString(v.name)} = ${rString(rClass(v))}${i < variables.length - 1 ? ',' : ''}`).join('\n'),
		'  ))',
		''
	];
	const dates = variables.filter((v) => v.storage === 'date');
	if (dates.length > 0) {
		lines.push('# Dates (YYYY-MM-DD)');
		for (const v of dates) lines.push(`${column(v.name)} <- as.Date(${column(v.name)})`);
		lines.push('');
	}
	lines.push('# Variable labels');
	for (const v of variables) lines.push(`attr(${column(v.name)}, "label") <- ${rString(labelOf(v, language))}`);
	lines.push('', '# Value labels: the codes keep them in a "labels" attribute; <name>.factor holds them as a factor');
	for (const v of variables.filter((x) => x.values.length > 0)) {
		const codes = v.values.map((x) => String(x.code)).join(', ');
		const labels = v.values.map((x) => rString(valueText(x, language))).join(', ');
		const named = v.values.map((x) => `${rString(valueText(x, language))} = ${x.code}`).join(', ');
		lines.push(`attr(${column(v.name)}, "labels") <- c(${named})`);
		lines.push(`${column(`${v.name}.factor`)} <- factor(${column(v.name)}, levels = c(${codes}), labels = c(${labels}))`);
		lines.push(`attr(${column(`${v.name}.factor`)}, "label") <- ${rString(labelOf(v, language))}`);
	}
	return `${lines.join('\n')}\n`;
}
