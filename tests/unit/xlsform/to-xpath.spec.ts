import { describe, expect, it } from 'vitest';
import { toXPath } from '$lib/xlsform/to-xpath';

describe('Anju expressions written as XLSForm', () => {
	it.each([
		['${age} >= 18', undefined, '${age} >= 18'],
		["not (selected(${crops}, '9') and count-selected(${crops}) > 1)", 'crops', "not(selected(., '9') and count-selected(.) > 1)"],
		['selected(${crops}, 2)', undefined, "selected(${crops}, '2')"],
		['answered(${name}) and not answered(${age})', undefined, "${name} != '' and not(${age} != '')"],
		['${a} = 1 or ${b} = 2 and ${c} = 3', undefined, '${a} = 1 or ${b} = 2 and ${c} = 3'],
		['(${a} = 1 or ${b} = 2) and ${c} = 3', undefined, '(${a} = 1 or ${b} = 2) and ${c} = 3'],
		["${name} = 'it\\'s'", undefined, '${name} = "it\'s"'],
		['${age} < ${max}', 'age', '. < ${max}']
	])('%s → %s', (anju, self, xpath) => {
		expect(toXPath(anju, self)).toBe(xpath);
	});

	it('refuses a string XPath cannot write', () => {
		expect(() => toXPath("${name} = 'a\\'b\"c'")).toThrow('has both kinds of quotes');
	});
});
