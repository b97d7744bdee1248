/**
 * Bounds hidden in XLSForm constraints: `. >= 0 and . <= 120` on a number is Anju's `min`/`max`,
 * `. >= '2020-01-01'` on a date is `minDate`, `string-length(.) <= 100` on text is `maxLength`.
 * Anju checks and explains these itself, so they leave the constraint; the rest stays.
 */
import type { ItemType } from '../instruments/types';
import { conjuncts, type CompareOp, type XNode } from './xpath';

export interface Bounds {
	min?: number;
	max?: number;
	minDate?: string;
	maxDate?: string;
	maxLength?: number;
}

const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A comparison of `subject` with a literal, as `subject op literal`. */
function againstLiteral(node: XNode, isSubject: (n: XNode) => boolean): { op: CompareOp; literal: XNode } | undefined {
	if (node.kind !== 'compare') return undefined;
	if (isSubject(node.left) && (node.right.kind === 'number' || node.right.kind === 'string')) return { op: node.op, literal: node.right };
	if (isSubject(node.right) && (node.left.kind === 'number' || node.left.kind === 'string'))
		return { op: FLIPPED[node.op], literal: node.left };
	return undefined;
}

const isSelf = (n: XNode) => n.kind === 'self';
const isLengthOfSelf = (n: XNode) => n.kind === 'call' && n.name === 'string-length' && n.args.length === 1 && n.args[0]?.kind === 'self';

/** Splits a constraint into the bounds Anju has fields for and what remains (undefined: nothing). */
export function extractBounds(constraint: XNode, itemType: ItemType): { bounds: Bounds; rest?: XNode } {
	const bounds: Bounds = {};
	const rest: XNode[] = [];
	for (const part of conjuncts(constraint)) {
		if (!takeBound(part, itemType, bounds)) rest.push(part);
	}
	const remaining = rest.reduce<XNode | undefined>((left, right) => (left ? { kind: 'and', left, right } : right), undefined);
	return { bounds, rest: remaining };
}

function takeBound(part: XNode, itemType: ItemType, bounds: Bounds): boolean {
	if (itemType === 'number') {
		const found = againstLiteral(part, isSelf);
		if (found?.literal.kind !== 'number') return false;
		if (found.op === '>=' && bounds.min === undefined) bounds.min = found.literal.value;
		else if (found.op === '<=' && bounds.max === undefined) bounds.max = found.literal.value;
		else return false;
		return true;
	}
	if (itemType === 'date') {
		const found = againstLiteral(part, isSelf);
		if (found?.literal.kind !== 'string' || !ISO_DATE.test(found.literal.value)) return false;
		if (found.op === '>=' && bounds.minDate === undefined) bounds.minDate = found.literal.value;
		else if (found.op === '<=' && bounds.maxDate === undefined) bounds.maxDate = found.literal.value;
		else return false;
		return true;
	}
	if (itemType === 'text') {
		const found = againstLiteral(part, isLengthOfSelf);
		if (found?.op !== '<=' || found.literal.kind !== 'number' || bounds.maxLength !== undefined) return false;
		if (!Number.isInteger(found.literal.value) || found.literal.value < 1) return false;
		bounds.maxLength = found.literal.value;
		return true;
	}
	return false;
}
