/**
 * Prints an expression tree back as source text: the inverse of `parseExpression`, with only the
 * parentheses the tree needs, so `parseExpression(formatExpression(e))` gives `e` back (columns aside).
 * Used by tools that build expressions (the XLSForm import) rather than type them.
 */
import type { Expr } from './parser';

// Binding strength, loosest first, as in the parser: or, and, not, comparison, value.
const STRENGTH: Record<Expr['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, call: 5, ref: 5, number: 5, string: 5 };

/** A string literal in single quotes, with `\` and `'` escaped as the lexer reads them. */
export function quoteString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Source text for `expr`. */
export function formatExpression(expr: Expr): string {
	// Operands that bind less tightly than their parent need parentheses; so does the right operand
	// of an `and`/`or` of the same kind, which keeps the tree's shape (`a or (b or c)`).
	const operand = (child: Expr, parent: number, strict = false): string => {
		const strength = STRENGTH[child.kind];
		const text = formatExpression(child);
		return strength < parent || (strict && strength === parent) ? `(${text})` : text;
	};
	switch (expr.kind) {
		case 'ref':
			return `\${${expr.key}}`;
		case 'number':
			return String(expr.value);
		case 'string':
			return quoteString(expr.value);
		case 'compare':
			return `${operand(expr.left, 5)} ${expr.op} ${operand(expr.right, 5)}`;
		case 'and':
		case 'or':
			return `${operand(expr.left, STRENGTH[expr.kind])} ${expr.kind} ${operand(expr.right, STRENGTH[expr.kind], true)}`;
		case 'not':
			return `not ${operand(expr.operand, STRENGTH.not)}`;
		case 'call':
			return `${expr.name}(${expr.args.map((arg) => formatExpression(arg)).join(', ')})`;
	}
}
