import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { ExpressionError, checkExpression, evaluateCondition, parseExpression, referencedItems } from '$lib/instruments/expression';
import type { Answers, ItemType } from '$lib/instruments/types';

const holds = (source: string, answers: Answers = {}) => evaluateCondition(parseExpression(source), answers);

function parseError(source: string): ExpressionError {
	try {
		parseExpression(source);
	} catch (error) {
		if (error instanceof ExpressionError) return error;
		throw error;
	}
	throw new Error(`expected ${source} not to parse`);
}

describe('parseExpression', () => {
	it('builds a tree of refs, literals, comparisons and calls with columns', () => {
		expect(parseExpression("${age} >= 18 and selected(${sex}, '2')")).toEqual({
			kind: 'and',
			column: 14,
			left: {
				kind: 'compare',
				op: '>=',
				column: 8,
				left: { kind: 'ref', key: 'age', column: 1 },
				right: { kind: 'number', value: 18, column: 11 }
			},
			right: {
				kind: 'call',
				name: 'selected',
				column: 18,
				args: [
					{ kind: 'ref', key: 'sex', column: 27 },
					{ kind: 'string', value: '2', column: 35 }
				]
			}
		});
	});

	it('reads numbers: integers, decimals and negative literals', () => {
		expect(parseExpression('-2')).toMatchObject({ kind: 'number', value: -2 });
		expect(parseExpression('1.25')).toMatchObject({ kind: 'number', value: 1.25 });
		expect(parseExpression('${t}>-0.5')).toMatchObject({ right: { kind: 'number', value: -0.5 } });
	});

	it('reads single- and double-quoted strings with escapes for quotes and backslash', () => {
		expect(parseExpression("'it\\'s'")).toMatchObject({ kind: 'string', value: "it's" });
		expect(parseExpression('"say \\"hi\\""')).toMatchObject({ kind: 'string', value: 'say "hi"' });
		expect(parseExpression("'a\\\\b'")).toMatchObject({ kind: 'string', value: 'a\\b' });
		expect(parseExpression(`"it's"`)).toMatchObject({ kind: 'string', value: "it's" });
	});

	it('allows whitespace anywhere between tokens, or none', () => {
		const spaced = parseExpression(' count-selected (\t${m} )\n>=  2 ');
		expect(spaced).toMatchObject({ kind: 'compare', op: '>=', left: { kind: 'call', name: 'count-selected' } });
		expect(parseExpression('not(${a}=1)or${b}!=2')).toMatchObject({ kind: 'or', left: { kind: 'not' } });
	});

	it('binds or < and < not < comparison', () => {
		expect(parseExpression('not ${a} = 1 and ${b} = 2 or ${c} = 3')).toMatchObject({
			kind: 'or',
			left: {
				kind: 'and',
				left: { kind: 'not', operand: { kind: 'compare', left: { key: 'a' } } },
				right: { kind: 'compare', left: { key: 'b' } }
			},
			right: { kind: 'compare', left: { key: 'c' } }
		});
		expect(parseExpression('${a} = 1 or ${b} = 2 and ${c} = 3')).toMatchObject({
			kind: 'or',
			right: { kind: 'and' }
		});
		expect(parseExpression('(${a} = 1 or ${b} = 2) and ${c} = 3')).toMatchObject({
			kind: 'and',
			left: { kind: 'or' }
		});
		expect(parseExpression('not not ${a}')).toMatchObject({ kind: 'not', operand: { kind: 'not' } });
	});

	it.each([
		['(${a} = 1', "column 10: expected ')' but found end of expression"],
		["${a} = 'yes", 'column 8: unterminated string'],
		["${a} = 'it\\'", 'column 8: unterminated string'],
		['foo(${a})', "column 1: unknown function 'foo'"],
		['${} = 1', 'column 1: empty item reference ${}'],
		['${a = 1', "column 1: unterminated item reference, expected '}'"],
		['${Foo} = 1', "column 1: invalid item key 'Foo' (use a-z, 0-9 and _)"],
		['$a = 1', "column 1: expected '{' after '$'"],
		['${a} = 1 2', 'column 10: expected end of expression but found number 2'],
		['${a} = 1)', "column 9: expected end of expression but found ')'"],
		['${a} = 1 ${b}', 'column 10: expected end of expression but found item ${b}'],
		['${a} < ${b} < ${c}', "column 13: comparisons cannot be chained; join them with 'and'"],
		['', 'column 1: empty expression'],
		['   ', 'column 1: empty expression'],
		['${a} =', 'column 7: expected a value but found end of expression'],
		['${a} = not ${b}', "column 8: expected a value but found 'not'"],
		['${a} and', 'column 9: expected a value but found end of expression'],
		['answered ${a}', "column 10: expected '(' after 'answered' but found item ${a}"],
		["selected(${a} 'x')", "column 15: expected ',' or ')' but found string 'x'"],
		['(${a} = 1) = 2', "column 12: '=' compares values, not conditions"],
		['${a} = answered(${b})', "column 6: '=' compares values, not conditions"],
		['${a} # 1', "column 6: unexpected character '#'"],
		['${a} = - 1', "column 8: unexpected character '-'"],
		["${a} = 'a\\nb'", "column 10: invalid escape '\\n' in string"]
	])('rejects %j with %j', (source, message) => {
		const error = parseError(source);
		expect(error.message).toBe(message);
		expect(error.column).toBe(Number(/^column (\d+): /.exec(message)?.[1]));
	});

	it('rejects nesting deep enough to threaten the stack', () => {
		expect(() => parseExpression('('.repeat(500) + '1' + ')'.repeat(500))).toThrow(ExpressionError);
		expect(() => parseExpression('not '.repeat(500) + '1')).toThrow(/nested too deeply/);
		expect(() => parseExpression('('.repeat(20) + '1' + ')'.repeat(20))).not.toThrow();
	});
});

describe('evaluateCondition', () => {
	it.each([
		['${n} = 3', true],
		['${n} = 4', false],
		['${n} != 4', true],
		['${n} != 3', false],
		['${n} < 4', true],
		['${n} < 3', false],
		['${n} <= 3', true],
		['${n} <= 2.5', false],
		['${n} > 2', true],
		['${n} > 3', false],
		['${n} >= 3', true],
		['${n} >= 3.5', false],
		['${n} > -1', true]
	])('compares numbers: %s is %s', (source, expected) => {
		expect(holds(source, { n: 3 })).toBe(expected);
	});

	it('compares strings lexicographically, so ISO dates order correctly', () => {
		const answers = { name: 'Mai', dob: '2019-12-31' };
		expect(holds("${name} = 'Mai'", answers)).toBe(true);
		expect(holds('${name} != "Mai"', answers)).toBe(false);
		expect(holds("${dob} < '2020-01-01'", answers)).toBe(true);
		expect(holds("${dob} >= '2019-12-31'", answers)).toBe(true);
		expect(holds("${dob} > '2019-12-31'", answers)).toBe(false);
		expect(holds("'10' < '9'")).toBe(true);
	});

	it('compares a number with a numeric string numerically and is false for other strings', () => {
		expect(holds("${n} = '3'", { n: 3 })).toBe(true);
		expect(holds("${n} < '10'", { n: 9 })).toBe(true);
		expect(holds('${t} = 3', { t: '3' })).toBe(true);
		expect(holds("${n} = 'three'", { n: 3 })).toBe(false);
		expect(holds("${n} != 'three'", { n: 3 })).toBe(false);
		expect(holds('${t} > 1', { t: '' })).toBe(false);
	});

	it('makes every comparison with an unanswered item false', () => {
		for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
			expect(holds(`\${x} ${op} 1`)).toBe(false);
			expect(holds(`1 ${op} \${x}`)).toBe(false);
			expect(holds(`\${x} ${op} \${y}`)).toBe(false);
		}
		expect(holds('not(${x} = 1)')).toBe(true);
		expect(holds('not ${x} != 1')).toBe(true);
	});

	it('makes a multi answer compared directly false', () => {
		expect(holds('${m} = 1', { m: [1] })).toBe(false);
		expect(holds('${m} != 1', { m: [1] })).toBe(false);
	});

	it('combines with and, or and not', () => {
		const answers = { a: 1, b: 2 };
		expect(holds('${a} = 1 and ${b} = 2', answers)).toBe(true);
		expect(holds('${a} = 1 and ${b} = 3', answers)).toBe(false);
		expect(holds('${a} = 0 or ${b} = 2', answers)).toBe(true);
		expect(holds('${a} = 0 or ${b} = 3', answers)).toBe(false);
		expect(holds('not ${a} = 1', answers)).toBe(false);
		expect(holds('not(${a} = 0)', answers)).toBe(true);
	});

	it('applies precedence: not a = 1 and b = 2 or c = 3', () => {
		const source = 'not ${a} = 1 and ${b} = 2 or ${c} = 3';
		expect(holds(source, { a: 2, b: 2 })).toBe(true);
		expect(holds(source, { a: 1, b: 2 })).toBe(false);
		expect(holds(source, { a: 1, b: 2, c: 3 })).toBe(true);
		expect(holds(source, { a: 2, b: 5 })).toBe(false);
	});

	it('selected() finds a code in a multi answer or equals a single answer', () => {
		expect(holds("selected(${m}, '3')", { m: [1, 3] })).toBe(true);
		expect(holds('selected(${m}, 3)', { m: [1, 3] })).toBe(true);
		expect(holds('selected(${m}, 2)', { m: [1, 3] })).toBe(false);
		expect(holds('selected(${m}, 2)', { m: [] })).toBe(false);
		expect(holds("selected(${s}, '4')", { s: 4 })).toBe(true);
		expect(holds('selected(${s}, 4.0)', { s: 4 })).toBe(true);
		expect(holds('selected(${s}, 5)', { s: 4 })).toBe(false);
		expect(holds('selected(${s}, 1)')).toBe(false);
		expect(holds("selected(${s}, 'yes')", { s: 4 })).toBe(false);
		expect(holds('not selected(${m}, 1)')).toBe(true);
	});

	it('count-selected() counts a multi answer, 0 when unanswered and 1 for one value', () => {
		expect(holds('count-selected(${m}) = 3', { m: [1, 2, 5] })).toBe(true);
		expect(holds('count-selected(${m}) = 0', { m: [] })).toBe(true);
		expect(holds('count-selected(${m}) = 0')).toBe(true);
		expect(holds('count-selected(${s}) = 1', { s: 2 })).toBe(true);
		expect(holds('count-selected(${m}) >= 2', { m: [4] })).toBe(false);
	});

	it('answered() is false for absent, empty string and empty selection', () => {
		expect(holds('answered(${x})')).toBe(false);
		expect(holds('answered(${x})', { x: '' })).toBe(false);
		expect(holds('answered(${x})', { x: [] })).toBe(false);
		expect(holds('answered(${x})', { x: 0 })).toBe(true);
		expect(holds('answered(${x})', { x: 'no' })).toBe(true);
		expect(holds('answered(${x})', { x: [2] })).toBe(true);
	});

	it('treats a bare value as a condition: answered and not 0, empty string or empty selection', () => {
		expect(holds('${consent}', { consent: 1 })).toBe(true);
		expect(holds('${consent}', { consent: 0 })).toBe(false);
		expect(holds('${consent}')).toBe(false);
		expect(holds('${t}', { t: '' })).toBe(false);
		expect(holds('${t}', { t: 'x' })).toBe(true);
		expect(holds('${m}', { m: [] })).toBe(false);
		expect(holds('${m}', { m: [0] })).toBe(true);
		expect(holds('${a} and not ${b}', { a: 2, b: 0 })).toBe(true);
		expect(holds('1')).toBe(true);
		expect(holds('0')).toBe(false);
		expect(holds("''")).toBe(false);
		expect(holds('count-selected(${m})', { m: [1] })).toBe(true);
	});

	it('never throws, whatever the answers hold', () => {
		const odd = { a: null, b: { x: 1 }, c: true, d: [null, 'x'], e: NaN } as unknown as Answers;
		const sources = [
			'${a} = 1',
			'${b} != 1',
			'${c} = 1',
			'selected(${d}, 1)',
			'answered(${a}) or ${b} or ${c} or ${e}',
			'${constructor} = 1 or answered(${tostring}) or ${hasownproperty}',
			'${e} = ${e}'
		];
		for (const source of sources) {
			expect(holds(source, odd)).toBe(false);
			expect(holds(source, null as unknown as Answers)).toBe(false);
		}
		// An array is counted as a selection even when its codes are junk; validation rejects those.
		expect(holds('count-selected(${d}) = 2', odd)).toBe(true);
		expect(holds('answered(${d})', odd)).toBe(true);
	});
});

describe('referencedItems', () => {
	it('lists each referenced item once, in order of first appearance', () => {
		const expr = parseExpression("${b} = 1 and (selected(${a}, 1) or ${b} = 2) and not answered(${c}) or ${a} > 'x'");
		expect(referencedItems(expr)).toEqual(['b', 'a', 'c']);
		expect(referencedItems(parseExpression('1 = 1'))).toEqual([]);
	});
});

describe('checkExpression', () => {
	const itemTypes: Record<string, ItemType> = {
		age: 'number',
		name: 'text',
		dob: 'date',
		sex: 'single',
		mood: 'likert',
		symptoms: 'multi',
		intro: 'info'
	};
	const issuesOf = (source: string) => checkExpression(parseExpression(source), itemTypes).map((i) => i.message);

	it('accepts well-typed expressions', () => {
		for (const source of [
			"${age} >= 18 and ${age} = '3'",
			"${dob} > '2020-01-01' or ${name} != ''",
			"selected(${symptoms}, '2') and count-selected(${symptoms}) >= 2 and answered(${name})",
			'selected(${sex}, 1) or selected(${mood}, -1) or ${mood} > ${age}',
			"'3' = 3",
			'${symptoms} or answered(${symptoms})'
		]) {
			expect(issuesOf(source), source).toEqual([]);
		}
	});

	it('reports unknown and info items at their column', () => {
		expect(checkExpression(parseExpression('${foo} = 1'), itemTypes)).toEqual([{ column: 1, message: "column 1: unknown item 'foo'" }]);
		expect(issuesOf('answered(${intro})')).toEqual(["column 10: info item 'intro' has no answer"]);
		expect(issuesOf('${constructor} = 1')).toEqual(["column 1: unknown item 'constructor'"]);
	});

	it('reports comparisons between numbers and strings', () => {
		expect(issuesOf("${age} = 'abc'")).toEqual(['column 8: cannot compare number with string']);
		expect(issuesOf('${name} = 3')).toEqual(['column 9: cannot compare string with number']);
		expect(issuesOf('${dob} < ${mood}')).toEqual(['column 8: cannot compare string with number']);
		expect(issuesOf("count-selected(${symptoms}) > 'x'")).toEqual(['column 29: cannot compare number with string']);
		expect(issuesOf("'a' = 3")).toEqual(['column 5: cannot compare string with number']);
	});

	it('reports a multi item used directly in a comparison', () => {
		expect(issuesOf('${symptoms} = 1')).toEqual(["column 1: use selected() or count-selected() with multi item 'symptoms'"]);
	});

	it('reports misused functions', () => {
		expect(issuesOf('selected(${sex})')).toEqual(['column 1: selected() takes 2 arguments but got 1']);
		expect(issuesOf('answered(${age}, ${name})')).toEqual(['column 1: answered() takes 1 argument but got 2']);
		expect(issuesOf('count-selected() = 0')).toEqual(['column 1: count-selected() takes 1 argument but got 0']);
		expect(issuesOf("answered('x')")).toEqual(['column 10: the first argument of answered() must be an item reference like ${item}']);
		expect(issuesOf('selected(${age}, 1)')).toEqual(["column 10: selected() needs a likert, single or multi item but 'age' is number"]);
		expect(issuesOf("selected(${sex}, 'yes')")).toEqual([
			"column 18: the second argument of selected() must be a response code like 1 or '1'"
		]);
		expect(issuesOf('selected(${sex}, ${age})')).toEqual([
			"column 18: the second argument of selected() must be a response code like 1 or '1'"
		]);
	});

	it('lists issues in source order', () => {
		expect(issuesOf("${foo} = 1 or ${age} = 'x' or ${bar}")).toEqual([
			"column 1: unknown item 'foo'",
			'column 22: cannot compare number with string',
			"column 31: unknown item 'bar'"
		]);
	});
});

describe('expression sources', () => {
	it('never evaluate code: no eval( or Function( anywhere', () => {
		const directory = new URL('../../../src/lib/instruments/expression/', import.meta.url);
		const files = readdirSync(directory).map((name) => new URL(name, directory));
		files.push(new URL('../../../src/lib/instruments/relevance.ts', import.meta.url));
		expect(files.length).toBeGreaterThanOrEqual(6);
		for (const file of files) {
			expect(readFileSync(file, 'utf8'), file.pathname).not.toMatch(/\beval\s*\(|\bFunction\s*\(/);
		}
	});
});
