/**
 * The Stata do-file (Stata 14 or later, which reads UTF-8): `import delimited … encoding(utf-8)`
 * with the text and numeric columns named, so a text column of digits stays text; `label define`
 * once per set of value labels and `label values` for its variables; `label variable` cut to
 * Stata's 80 characters. Dates become Stata dates (`%td`). Pure.
 */
import { describeExport, labelOf, truncateChars, valueSets, valueText, wideFileName, type SyntaxInput } from './syntax-shared';

const VARIABLE_LABEL_CHARS = 80;

/**
 * A Stata string in compound quotes, which may hold `"`; `$` and backquote are escaped so that no
 * macro is expanded inside a label.
 */
export function stataString(text: string): string {
	return `\`"${text
		.replace(/[\r\n]+/g, ' ')
		.replace(/\$/g, '\\$')
		.replace(/`/g, '\\`')}"'`;
}

/** Column numbers as Stata's numlist, runs joined: `1 2 3 7` → `1/3 7`. */
export function numlist(columns: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < columns.length;) {
		let j = i;
		while (j + 1 < columns.length && columns[j + 1] === columns[j]! + 1) j++;
		parts.push(j > i ? `${columns[i]}/${columns[j]}` : String(columns[i]));
		i = j + 1;
	}
	return parts.join(' ');
}

export function stataDo(input: SyntaxInput): string {
	const { variables, options } = input;
	const language = options.language;
	const text = variables.flatMap((v, i) => (v.storage === 'text' || v.storage === 'date' ? [i + 1] : []));
	const numeric = variables.flatMap((v, i) => (v.storage === 'text' || v.storage === 'date' ? [] : [i + 1]));
	const columnTypes = [
		...(text.length > 0 ? [`stringcols(${numlist(text)})`] : []),
		...(numeric.length > 0 ? [`numericcols(${numlist(numeric)})`] : [])
	];
	const lines: string[] = [
		...describeExport(input).map((l) => `* ${l}`),
		'* Stata 14 or later.',
		'',
		`import delimited using ${stataString(wideFileName(input))}, clear encoding(utf-8) delimiters(",") varnames(1) case(preserve) bindquote(strict) ${columnTypes.join(' ')}`,
		''
	];
	const dates = variables.filter((v) => v.storage === 'date');
	if (dates.length > 0) {
		lines.push('* Dates (YYYY-MM-DD) as Stata dates');
		for (const v of dates) {
			lines.push(
				`generate double _anju_date = date(${v.name}, "YMD"), after(${v.name})`,
				`drop ${v.name}`,
				`rename _anju_date ${v.name}`,
				`format ${v.name} %td`
			);
		}
		lines.push('');
	}
	lines.push('* Variable labels');
	for (const v of variables)
		lines.push(`label variable ${v.name} ${stataString(truncateChars(labelOf(v, language), VARIABLE_LABEL_CHARS))}`);
	const sets = valueSets(variables, language);
	if (sets.length > 0) lines.push('', '* Value labels');
	for (const set of sets) {
		const pairs = set.values.map((v) => `${v.code} ${stataString(valueText(v, language))}`).join(' ');
		lines.push(`label define ${set.name} ${pairs}, replace`);
		lines.push(`label values ${set.variables.map((v) => v.name).join(' ')} ${set.name}`);
	}
	return `${lines.join('\n')}\n`;
}
