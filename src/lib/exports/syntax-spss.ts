/**
 * The SPSS syntax: `GET DATA` reads the wide file as UTF-8 with every variable's format given,
 * then `VARIABLE LABELS`, `VALUE LABELS` and `MISSING VALUES` (the "don't know" codes, user-missing
 * as SPSS has it). Long labels are split into `'…' + '…'` pieces so that no syntax line is too long
 * for older SPSS, and cut to SPSS's limits (variable labels 255 bytes, value labels 120). Also runs
 * in PSPP. Pure.
 */
import { describeExport, labelOf, truncateBytes, valueSets, valueText, wideFileName, type SyntaxInput } from './syntax-shared';
import type { ExportVariable } from './variables';

const VARIABLE_LABEL_BYTES = 255;
const VALUE_LABEL_BYTES = 120;
const PIECE_CHARS = 60;

/** An SPSS string literal, in pieces joined with `+` when long. */
export function spssString(text: string, indent = '    '): string {
	const chars = Array.from(text.replace(/[\r\n]+/g, ' '));
	const pieces: string[] = [];
	for (let i = 0; i < chars.length || pieces.length === 0; i += PIECE_CHARS) pieces.push(chars.slice(i, i + PIECE_CHARS).join(''));
	return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(`\n${indent}+ `);
}

function spssFormat(variable: ExportVariable, responseIdsWidth: number): string {
	switch (variable.storage) {
		case 'text':
			if (variable.name === 'responses') return `A${responseIdsWidth}`;
			// UTF-8 takes up to 4 bytes a character.
			return `A${Math.min(32767, (variable.maxLength ?? 255) * 4)}`;
		case 'date':
			return 'SDATE10';
		case 'number':
			if (variable.kind === 'row') return 'F4.0';
			return variable.kind === 'score' ? 'F12.4' : 'F12.2';
		default:
			return 'F8.0';
	}
}

/** Variable names, eight to a line. */
function wrapNames(names: string[]): string {
	const lines: string[] = [];
	for (let i = 0; i < names.length; i += 8) lines.push(names.slice(i, i + 8).join(' '));
	return lines.join('\n    ');
}

export function spssSyntax(input: SyntaxInput): string {
	const { catalog, variables, options } = input;
	const language = options.language;
	const responseIdsWidth = Math.max(1, catalog.instruments.length) * 37;
	const lines: string[] = [
		'* Encoding: UTF-8.',
		...describeExport(input).map((l) => `* ${l.replace(/\.$/, '')}.`),
		'',
		'GET DATA',
		'  /TYPE=TXT',
		`  /FILE=${spssString(wideFileName(input))}`,
		"  /ENCODING='UTF8'",
		'  /ARRANGEMENT=DELIMITED',
		'  /DELCASE=LINE',
		'  /FIRSTCASE=2',
		"  /DELIMITERS=','",
		`  /QUALIFIER='"'`,
		'  /VARIABLES=',
		...variables.map((v, i) => `    ${v.name} ${spssFormat(v, responseIdsWidth)}${i === variables.length - 1 ? '.' : ''}`),
		'',
		'VARIABLE LABELS',
		`  ${variables.map((v) => `${v.name} ${spssString(truncateBytes(labelOf(v, language), VARIABLE_LABEL_BYTES))}`).join('\n  /')}.`,
		''
	];
	const sets = valueSets(variables, language);
	if (sets.length > 0) {
		lines.push('VALUE LABELS');
		const entries = sets.map((set) => {
			const values = set.values.map(
				(v) => `    ${v.code} ${spssString(truncateBytes(valueText(v, language), VALUE_LABEL_BYTES), '      ')}`
			);
			return [wrapNames(set.variables.map((v) => v.name)), ...values].join('\n');
		});
		lines.push(`  ${entries.join('\n  /')}.`, '');
	}
	const missing = variables.filter((v) => v.values.some((x) => x.missing));
	for (const v of missing) {
		const codes = v.values.filter((x) => x.missing).map((x) => x.code);
		lines.push(`MISSING VALUES ${v.name} (${codes.slice(0, 3).join(', ')}).`);
	}
	lines.push('EXECUTE.');
	return `${lines.join('\n')}\n`;
}
