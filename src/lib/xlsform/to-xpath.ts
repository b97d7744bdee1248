/**
 * Anju expressions → XLSForm (XPath) text, for the export: `${item}` stays, the question itself
 * becomes `.` in its constraint, `not x` becomes `not(x)`, `answered(${x})` becomes `${x} != ''`,
 * response codes in `selected()` become quoted choice names.
 */
import { parseExpression, type Expr } from '../instruments/expression';

const STRENGTH: Record<Expr['kind'], number> = { or: 1, and: 2, not: 5, compare: 3, call: 5, ref: 5, number: 5, string: 5 };

function quote(value: string): string {
	if (!value.includes("'")) return `'${value}'`;
	if (!value.includes('"')) return `"${value}"`;
	throw new Error(`the string ${JSON.stringify(value)} has both kinds of quotes, which XPath cannot write`);
}

/** XPath text for an Anju expression; `self` is the item whose constraint this is. */
export function toXPath(source: string, self?: string): string {
	const print = (expr: Expr): string => {
		const operand = (child: Expr, parent: number, strict = false): string => {
			const text = print(child);
			const strength = child.kind === 'call' && child.name === 'answered' ? STRENGTH.compare : STRENGTH[child.kind];
			return strength < parent || (strict && strength === parent) ? `(${text})` : text;
		};
		switch (expr.kind) {
			case 'ref':
				return expr.key === self ? '.' : `\${${expr.key}}`;
			case 'number':
				return String(expr.value);
			case 'string':
				return quote(expr.value);
			case 'compare':
				return `${print(expr.left)} ${expr.op} ${print(expr.right)}`;
			case 'and':
			case 'or':
				return `${operand(expr.left, STRENGTH[expr.kind])} ${expr.kind} ${operand(expr.right, STRENGTH[expr.kind], true)}`;
			case 'not':
				return `not(${print(expr.operand)})`;
			case 'call': {
				const [item, code] = expr.args;
				if (expr.name === 'answered' && item) return `${print(item)} != ''`;
				if (expr.name === 'selected' && item && code) {
					const name = code.kind === 'number' ? String(code.value) : code.kind === 'string' ? code.value : print(code);
					return `selected(${print(item)}, ${quote(name)})`;
				}
				return `${expr.name}(${expr.args.map(print).join(', ')})`;
			}
		}
	};
	return print(parseExpression(source));
}
