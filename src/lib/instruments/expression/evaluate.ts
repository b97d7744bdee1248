/**
 * Evaluation of parsed expressions against a response's answers.
 * Never throws: answers come from the network and from old data, so odd values just compare false.
 */
import type { AnswerValue, Answers } from '../types';
import { isNumeric, type CompareOp } from './lexer';
import type { Expr } from './parser';

type Value = AnswerValue | boolean | undefined;

/** Numbers, and strings that spell a number (ODK habit: `'3'`); NaN otherwise. */
function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && isNumeric(value) ? Number(value) : NaN;
}

function answerOf(answers: Answers, key: string): AnswerValue | undefined {
	// hasOwn: item keys such as `constructor` must not reach Object.prototype.
	if (answers == null || typeof answers !== 'object' || !Object.hasOwn(answers, key)) return undefined;
	const value: unknown = answers[key];
	if (typeof value === 'number' || typeof value === 'string') return value;
	return Array.isArray(value) ? (value as number[]) : undefined;
}

function isAnswered(value: Value): boolean {
	return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function isTruthy(value: Value): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
	return isAnswered(value);
}

function compare(op: CompareOp, left: Value, right: Value): boolean {
	let a: number | string;
	let b: number | string;
	if (typeof left === 'string' && typeof right === 'string') {
		[a, b] = [left, right];
	} else if (typeof left === 'number' || typeof right === 'number') {
		// Unanswered, multi (array) and non-numeric strings all become NaN, and NaN compares false.
		[a, b] = [toNumber(left), toNumber(right)];
		if (Number.isNaN(a) || Number.isNaN(b)) return false;
	} else {
		return false;
	}
	switch (op) {
		case '=':
			return a === b;
		case '!=':
			return a !== b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		case '>':
			return a > b;
		case '>=':
			return a >= b;
	}
}

function isSelected(value: Value, code: Value): boolean {
	const wanted = toNumber(code);
	if (Number.isNaN(wanted)) return false;
	const chosen: unknown[] = Array.isArray(value) ? value : [value];
	return chosen.some((option) => toNumber(option) === wanted);
}

function valueOf(expr: Expr, answers: Answers): Value {
	switch (expr.kind) {
		case 'ref':
			return answerOf(answers, expr.key);
		case 'number':
		case 'string':
			return expr.value;
		case 'compare':
			return compare(expr.op, valueOf(expr.left, answers), valueOf(expr.right, answers));
		case 'and':
			return isTruthy(valueOf(expr.left, answers)) && isTruthy(valueOf(expr.right, answers));
		case 'or':
			return isTruthy(valueOf(expr.left, answers)) || isTruthy(valueOf(expr.right, answers));
		case 'not':
			return !isTruthy(valueOf(expr.operand, answers));
		case 'call': {
			const [first, second] = expr.args.map((arg) => valueOf(arg, answers));
			if (expr.name === 'selected') return expr.args.length === 2 && isSelected(first, second);
			if (expr.name === 'answered') return isAnswered(first);
			if (!isAnswered(first)) return 0;
			return Array.isArray(first) ? first.length : 1;
		}
	}
}

/**
 * Whether `expr` holds for `answers`. A comparison with an unanswered item is false;
 * a bare value (`${consent}`) is true when answered and not 0, '' or an empty selection.
 */
export function evaluateCondition(expr: Expr, answers: Answers): boolean {
	return isTruthy(valueOf(expr, answers));
}
