/**
 * Skip logic: which items a respondent is asked, given the answers so far.
 * Runs on every answer in the player and on every submission on the server, so each
 * relevance expression is parsed once and its tree reused.
 */
import { evaluateCondition, parseExpression, type Expr } from './expression';
import type { Answers, Instrument, Item } from './types';

// Keyed by item object so trees go away with their instrument; the source is kept so that
// an item edited in place (instrument editor) is parsed again rather than served stale.
type ExpressionField = 'relevance' | 'constraint';
const parsed: Record<ExpressionField, WeakMap<Item, { source: string; expr: Expr }>> = {
	relevance: new WeakMap(),
	constraint: new WeakMap()
};

function expressionOf(item: Item, field: ExpressionField, source: string): Expr {
	const cached = parsed[field].get(item);
	if (cached?.source === source) return cached.expr;
	let expr: Expr;
	try {
		expr = parseExpression(source);
	} catch (error) {
		// Instruments are validated when loaded, so a bad expression here is a broken invariant.
		throw new Error(`item '${item.key}' ${field}: ${(error as Error).message}`, { cause: error });
	}
	parsed[field].set(item, { source, expr });
	return expr;
}

/** Whether the item's constraint (if any) holds, given the answers later expressions see. */
export function constraintHolds(item: Item, visible: Answers): boolean {
	return item.constraint === undefined || evaluateCondition(expressionOf(item, 'constraint', item.constraint), visible);
}

/**
 * Walks the items in order. Each relevance expression sees only the answers to earlier
 * relevant items, so skipping an item hides its answer from everything after it.
 */
export function walkItems(items: readonly Item[], answers: Answers): { relevant: Set<string>; visible: Answers } {
	const relevant = new Set<string>();
	const visible: Answers = {};
	for (const item of items) {
		const source = item.relevance;
		if (source !== undefined && !evaluateCondition(expressionOf(item, 'relevance', source), visible)) continue;
		relevant.add(item.key);
		const value = Object.hasOwn(answers, item.key) ? answers[item.key] : undefined;
		if (value !== undefined) visible[item.key] = value;
	}
	return { relevant, visible };
}

/**
 * Keys of the items that are relevant given the answers, evaluated in item order: an item whose
 * relevance is false is skipped, and answers to skipped items are ignored by later expressions
 * (treated as unanswered). Items without relevance are relevant.
 */
export function relevantItemKeys(instrument: Pick<Instrument, 'items'>, answers: Answers): Set<string> {
	return walkItems(instrument.items, answers).relevant;
}

/** The answers restricted to relevant items (what later expressions see). */
export function effectiveAnswers(instrument: Pick<Instrument, 'items'>, answers: Answers): Answers {
	return walkItems(instrument.items, answers).visible;
}
