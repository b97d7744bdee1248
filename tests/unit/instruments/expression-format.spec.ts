import { describe, expect, it } from 'vitest';
import { formatExpression, parseExpression, quoteString, type Expr } from '$lib/instruments/expression';
import { loadInstruments } from '../../fixtures/load-instruments';

/** The tree without source columns, which printing cannot keep. */
function shape(expr: Expr): unknown {
	return JSON.parse(JSON.stringify(expr, (key, value: unknown) => (key === 'column' ? undefined : value)));
}

describe('formatExpression', () => {
	it.each([
		['${a} = 1', '${a} = 1'],
		['${a}>=1 and ${b}<2', '${a} >= 1 and ${b} < 2'],
		['(${a} = 1 or ${b} = 2) and ${c} = 3', '(${a} = 1 or ${b} = 2) and ${c} = 3'],
		['${a} = 1 or (${b} = 2 and ${c} = 3)', '${a} = 1 or ${b} = 2 and ${c} = 3'],
		['${a} = 1 or (${b} = 2 or ${c} = 3)', '${a} = 1 or (${b} = 2 or ${c} = 3)'],
		['(${a} = 1 or ${b} = 2) or ${c} = 3', '${a} = 1 or ${b} = 2 or ${c} = 3'],
		['not(${a} = 1)', 'not ${a} = 1'],
		['not (${a} = 1 and ${b} = 2)', 'not (${a} = 1 and ${b} = 2)'],
		['not not ${a}', 'not not ${a}'],
		["selected( ${a} , '9' )", "selected(${a}, '9')"],
		['count-selected(${a}) > -1.5', 'count-selected(${a}) > -1.5'],
		["${t} = 'it\\'s'", "${t} = 'it\\'s'"],
		['${t} = "a\\\\b"', "${t} = 'a\\\\b'"],
		['answered(${a})', 'answered(${a})']
	])('%s → %s', (source, printed) => {
		expect(formatExpression(parseExpression(source))).toBe(printed);
		expect(shape(parseExpression(printed))).toEqual(shape(parseExpression(source)));
	});

	it('prints every expression of the library back to the same tree', () => {
		const sources = loadInstruments().flatMap((i) =>
			i.items.flatMap((item) => [item.relevance, item.constraint].filter((s): s is string => !!s))
		);
		expect(sources.length).toBeGreaterThan(3);
		for (const source of sources)
			expect(shape(parseExpression(formatExpression(parseExpression(source))))).toEqual(shape(parseExpression(source)));
	});

	it('quotes strings as the lexer reads them', () => {
		expect(quoteString("O'Brien \\ co")).toBe("'O\\'Brien \\\\ co'");
		expect(parseExpression(`\${a} = ${quoteString("O'Brien \\ co")}`)).toMatchObject({ right: { kind: 'string', value: "O'Brien \\ co" } });
	});
});
