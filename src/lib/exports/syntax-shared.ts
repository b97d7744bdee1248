/**
 * What the R, SPSS and Stata syntax files share: the wide file's name, labels in the export's
 * language, and named sets of value labels (one per response scale, so that `label define agree5`
 * is written once for every item that uses it). Pure.
 */
import { textIn, type ExportCatalog } from './catalog';
import type { ExportOptions } from './options';
import { toVariableName } from './names';
import type { ExportVariable, ValueLabel } from './variables';

export interface SyntaxInput {
	catalog: ExportCatalog;
	variables: ExportVariable[];
	options: ExportOptions;
}

/** The name a downloaded file is saved under: `demo-wide.csv`, `demo.R`. */
export function downloadName(slug: string, file: string): string {
	if (file.startsWith('anju.')) return `${slug}${file.slice('anju'.length)}`;
	return `${slug}-${file}`;
}

export function wideFileName(input: SyntaxInput): string {
	return downloadName(input.catalog.project.slug, 'wide.csv');
}

/** One line on what the file is, for its comment header. */
export function describeExport(input: SyntaxInput): string[] {
	const { catalog, options } = input;
	return [
		`Anju export: ${catalog.project.name} (${catalog.project.slug})`,
		`Reads ${wideFileName(input)} (save it next to this file, or change the path below) and applies variable and value labels.`,
		`Waves: ${catalog.waves.map((w) => w.name).join(', ')}. Labels in ${options.language}.`
	];
}

export function labelOf(variable: ExportVariable, language: string): string {
	return textIn(variable.label, language).replace(/\s+/g, ' ').trim();
}

export function valueText(value: ValueLabel, language: string): string {
	return textIn(value.label, language).replace(/\s+/g, ' ').trim();
}

export interface ValueSet {
	name: string;
	values: ValueLabel[];
	variables: ExportVariable[];
}

/**
 * The value label sets, each under its response scale's name; two scales that share a name but not
 * their labels (two instruments) get `_2`, … .
 */
export function valueSets(variables: ExportVariable[], language: string): ValueSet[] {
	const sets: (ValueSet & { signature: string })[] = [];
	for (const variable of variables) {
		if (variable.values.length === 0) continue;
		const signature = JSON.stringify(variable.values.map((v) => [v.code, valueText(v, language), v.missing]));
		const same = sets.find((s) => s.signature === signature && s.variables[0]!.valueSet === variable.valueSet);
		if (same) {
			same.variables.push(variable);
			continue;
		}
		const base = toVariableName(variable.valueSet ?? variable.name);
		let name = base;
		for (let n = 2; sets.some((s) => s.name === name); n++) name = `${base.slice(0, 29)}_${n}`;
		sets.push({ name, values: variable.values, variables: [variable], signature });
	}
	return sets.map(({ name, values, variables }) => ({ name, values, variables }));
}

/** At most `max` UTF-8 bytes, cut at a character boundary. */
export function truncateBytes(text: string, max: number): string {
	const encoder = new TextEncoder();
	if (encoder.encode(text).length <= max) return text;
	let out = '';
	let bytes = 0;
	for (const char of text) {
		const size = encoder.encode(char).length;
		if (bytes + size > max) break;
		out += char;
		bytes += size;
	}
	return out;
}

/** At most `max` characters, cut at a character boundary. */
export function truncateChars(text: string, max: number): string {
	const chars = Array.from(text);
	return chars.length <= max ? text : chars.slice(0, max).join('');
}
