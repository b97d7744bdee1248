/**
 * Static checks of a parsed expression against the instrument's item types, run when an
 * instrument is validated so authors learn about mistakes before a respondent hits them.
 */
import { CHOICE_TYPES, type ItemType } from '../types';
import { isNumeric } from './lexer';
import type { Expr } from './parser';

/** One problem found by `checkExpression`; `message` starts with `column N: `. */
export interface ExpressionIssue {
	column: number;
	message: string;
}

type ValueType = 'number' | 'string' | 'any';

const ARITY: Record<string, number> = { selected: 2, 'count-selected': 1, answered: 1 };

/** Unique item keys referenced by `expr`, in order of first appearance. */
export function referencedItems(expr: Expr): string[] {
	const keys = new Set<string>();
	const visit = (node: Expr): void => {
		if (node.kind === 'ref') keys.add(node.key);
		for (const child of children(node)) visit(child);
	};
	visit(expr);
	return [...keys];
}

function children(expr: Expr): Expr[] {
	switch (expr.kind) {
		case 'compare':
		case 'and':
		case 'or':
			return [expr.left, expr.right];
		case 'not':
			return [expr.operand];
		case 'call':
			return expr.args;
		default:
			return [];
	}
}

/** Reports unknown or unusable item references, type mismatches and misused functions. */
export function checkExpression(expr: Expr, itemTypes: Record<string, ItemType>): ExpressionIssue[] {
	const issues: ExpressionIssue[] = [];
	const report = (column: number, detail: string) => {
		issues.push({ column, message: `column ${column}: ${detail}` });
	};
	const typeOf = (key: string): ItemType | undefined => (Object.hasOwn(itemTypes, key) ? itemTypes[key] : undefined);

	// The type a comparison operand yields; 'any' when unknown or compatible with both.
	const valueType = (node: Expr): ValueType => {
		if (node.kind === 'number') return 'number';
		if (node.kind === 'string') return isNumeric(node.value) ? 'any' : 'string';
		if (node.kind === 'call') return node.name === 'count-selected' ? 'number' : 'any';
		if (node.kind !== 'ref') return 'any';
		const type = typeOf(node.key);
		if (type === 'text' || type === 'date') return 'string';
		return type === 'likert' || type === 'single' || type === 'number' ? 'number' : 'any';
	};

	const checkCompare = (node: Extract<Expr, { kind: 'compare' }>): void => {
		for (const side of [node.left, node.right]) {
			if (side.kind === 'ref' && typeOf(side.key) === 'multi') {
				report(side.column, `use selected() or count-selected() with multi item '${side.key}'`);
			}
		}
		const types = [valueType(node.left), valueType(node.right)];
		if (types.includes('number') && types.includes('string')) {
			report(node.column, `cannot compare ${types[0]} with ${types[1]}`);
		}
	};

	const checkCall = (node: Extract<Expr, { kind: 'call' }>): void => {
		const arity = ARITY[node.name] ?? 0;
		if (node.args.length !== arity) {
			const plural = arity === 1 ? '' : 's';
			report(node.column, `${node.name}() takes ${arity} argument${plural} but got ${node.args.length}`);
		}
		const [item, code] = node.args;
		if (item && item.kind !== 'ref') {
			report(item.column, `the first argument of ${node.name}() must be an item reference like \${item}`);
		}
		if (node.name !== 'selected') return;
		const type = item?.kind === 'ref' ? typeOf(item.key) : undefined;
		if (item?.kind === 'ref' && type && type !== 'info' && !CHOICE_TYPES.includes(type)) {
			report(item.column, `selected() needs a likert, single or multi item but '${item.key}' is ${type}`);
		}
		const isCode = code?.kind === 'number' || (code?.kind === 'string' && isNumeric(code.value));
		if (code && !isCode) {
			report(code.column, "the second argument of selected() must be a response code like 1 or '1'");
		}
	};

	const visit = (node: Expr): void => {
		if (node.kind === 'ref') {
			const type = typeOf(node.key);
			if (type === undefined) report(node.column, `unknown item '${node.key}'`);
			if (type === 'info') report(node.column, `info item '${node.key}' has no answer`);
		}
		if (node.kind === 'compare') checkCompare(node);
		if (node.kind === 'call') checkCall(node);
		for (const child of children(node)) visit(child);
	};

	visit(expr);
	// Report in source order, as an editor would list them.
	return issues.sort((a, b) => a.column - b.column);
}
