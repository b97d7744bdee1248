import { describe, expect, it } from 'vitest';
import { formatExpression, parseExpression } from '$lib/instruments/expression';
import { translateXPath, type NameTarget } from '$lib/xlsform/translate';
import { parseXPath, XPathError } from '$lib/xlsform/xpath';

// The questions the expressions below refer to, as the import resolves them.
const yesNo = new Map([
	['yes', 1],
	['no', 2]
]);
const numbered = new Map([
	['1', 1],
	['2', 2],
	['9', 9]
]);
const targets: Record<string, NameTarget> = {
	age: { kind: 'item', name: 'age', key: 'age' },
	'hh-size': { kind: 'item', name: 'hh-size', key: 'hh_size' },
	consent: { kind: 'item', name: 'consent', key: 'consent', list: 'yes_no', codes: yesNo },
	crops: { kind: 'item', name: 'crops', key: 'crops', list: 'crops', codes: numbered },
	name: { kind: 'item', name: 'name', key: 'name' },
	adult: { kind: 'inline', expr: parseExpression('${age} >= 18') },
	start: { kind: 'refused', reason: 'which is left out (Anju records start and end times of every response itself)' }
};
const scope = {
	resolve: (name: string): NameTarget => targets[name] ?? { kind: 'refused', reason: 'which is not a question of this form' },
	self: targets.crops as Extract<NameTarget, { kind: 'item' }>
};

const translate = (source: string) => formatExpression(translateXPath(parseXPath(source), scope));

describe('XLSForm expressions in Anju’s language', () => {
	it.each([
		['${age} >= 18', '${age} >= 18'],
		['${age}>=18 and ${age}<65', '${age} >= 18 and ${age} < 65'],
		['${age} = 1.0', '${age} = 1'],
		['${age} != -1', '${age} != -1'],
		['${hh-size} > 2', '${hh_size} > 2'],
		["${consent} = 'yes'", '${consent} = 1'],
		["'no' = ${consent}", '2 = ${consent}'],
		["selected(${consent}, 'yes')", "selected(${consent}, '1')"],
		["selected (${crops}, '9')", "selected(${crops}, '9')"],
		['selected(${crops}, 2)', "selected(${crops}, '2')"],
		["not(selected(., '9') and count-selected(.) > 1)", "not (selected(${crops}, '9') and count-selected(${crops}) > 1)"],
		['count-selected(${crops}) >= 2', 'count-selected(${crops}) >= 2'],
		["${name} != ''", 'answered(${name})'],
		["${name} = ''", 'not answered(${name})'],
		["'' != ${name}", 'answered(${name})'],
		["${name} = 'Ann'", "${name} = 'Ann'"],
		['${name} = "it\'s"', "${name} = 'it\\'s'"],
		["(${age} > 1 or ${age} < 0) and ${name} != ''", '(${age} > 1 or ${age} < 0) and answered(${name})'],
		['${age} > 1 or (${age} < 0 or ${age} = 5)', '${age} > 1 or (${age} < 0 or ${age} = 5)'],
		['not(${age} > 1)', 'not ${age} > 1'],
		["${adult} and ${name} != ''", '${age} >= 18 and answered(${name})'],
		['. >= 2', '${crops} >= 2'],
		['${consent}', '${consent}']
	])('%s → %s', (xpath, anju) => {
		const translated = translate(xpath);
		expect(translated).toBe(anju);
		// The result is valid in Anju's parser and prints back the same.
		expect(formatExpression(parseExpression(translated))).toBe(translated);
	});

	it.each([
		['${age} + 1 > 2', "column 8: arithmetic ('+') is not in Anju's expression language"],
		['${age} * 2 > 2', "column 8: arithmetic ('*') is not in Anju's expression language"],
		['${age} div 2 > 2', "column 8: arithmetic ('div') is not in Anju's expression language"],
		['${age} mod 2 = 0', "column 8: arithmetic ('mod') is not in Anju's expression language"],
		['2+2', "column 2: arithmetic ('+') is not in Anju's expression language"],
		["regex(${name}, '^[a-z]+$')", "function 'regex()' is not in Anju's expression language"],
		['string-length(${name}) > 3', "function 'string-length()' is not in Anju's expression language"],
		["if(${age} > 18, 'a', 'b') = 'a'", "function 'if()' is not in Anju's expression language"],
		['today() > ${name}', "function 'today()' is not in Anju's expression language"],
		['true()', "function 'true()' is not in Anju's expression language"],
		['/data/age > 3', "column 1: paths ('/') are not in Anju's expression language; refer to questions as ${name}"],
		['../age > 3', "column 1: paths ('..') are not in Anju's expression language; refer to questions as ${name}"],
		['age > 3', "column 1: 'age' is a path, not a value; refer to questions as ${name}"],
		['${crops}[1] = 2', "column 9: predicates ('[…]') are not in Anju's expression language"],
		["${consent} = 'maybe'", "'maybe' is not a choice of ${consent} (list 'yes_no')"],
		['selected(${consent}, ${name})', 'the second argument of selected() must be a choice name in quotes'],
		["${start} != ''", 'refers to ${start}, which is left out (Anju records start and end times of every response itself)'],
		['${ghost} = 1', 'refers to ${ghost}, which is not a question of this form'],
		["${name} = 'open", 'column 11: a string without its closing quote'],
		['(${age} > 1', "column 12: missing ')'"],
		["selected(${age}, '1'", "column 21: missing ')' after the arguments of selected()"],
		['${age} > 1)', "column 11: unexpected ')'"],
		['', 'column 1: empty expression']
	])('refuses %s', (xpath, message) => {
		expect(() => translate(xpath)).toThrow(XPathError);
		expect(() => translate(xpath)).toThrow(message);
	});

	it("refuses '.' outside a question's own constraint", () => {
		expect(() => formatExpression(translateXPath(parseXPath('. > 1'), { resolve: scope.resolve }))).toThrow(
			"'.' (the current answer) is only meaningful in a question's own constraint"
		);
	});
});
