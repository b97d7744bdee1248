/**
 * Answer checks for one screen, the answers a response may carry when it is sent, and the
 * progress bar — all with the shared instrument modules, so the player and the server agree.
 */
import type { AnswerValue, Answers, Instrument, Item } from '$lib/instruments/types';
import { checkAnswerValue, checkAnswers } from '$lib/instruments/check-answers';
import { constraintHolds, effectiveAnswers, relevantItemKeys, walkItems } from '$lib/instruments/relevance';
import type { Issue } from './types';

/** Blank text and empty selections count as no answer, so they are never stored. */
export function isEmptyAnswer(value: AnswerValue | undefined): value is undefined {
	if (value === undefined) return true;
	if (typeof value === 'string') return value.trim() === '';
	return Array.isArray(value) && value.length === 0;
}

/** Why the answer on this item's screen cannot be accepted, or null when Next may go on. */
export function screenIssue(instrument: Instrument, item: Item, answers: Answers): Issue | null {
	if (item.type === 'info') return null;
	const value = Object.hasOwn(answers, item.key) ? answers[item.key] : undefined;
	if (isEmptyAnswer(value)) return item.required ? { code: 'required' } : null;
	if (checkAnswerValue(instrument, item, value) !== undefined) return valueIssue(item, value);
	return constraintHolds(item, walkItems(instrument.items, answers).visible) ? null : { code: 'constraint' };
}

/** Turns a failed value check into something a respondent can act on. */
function valueIssue(item: Item, value: AnswerValue): Issue {
	switch (item.type) {
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'number' };
			if (item.integer && !Number.isInteger(value)) return { code: 'whole_number' };
			return { code: 'range', min: item.min, max: item.max };
		case 'text':
			return { code: 'too_long', max: item.maxLength ?? 2000 };
		case 'date':
			return { code: 'date' };
		default:
			return { code: 'invalid' };
	}
}

/**
 * The answers a response may be sent with: only relevant items, and only answers the server will
 * accept. A partial response keeps what is valid so far (an answer typed on the screen the
 * resident left is kept when it is valid). Dropping one answer can change what is relevant, so
 * this repeats until nothing changes.
 */
export function submittableAnswers(instrument: Instrument, answers: Answers): Answers {
	let current = effectiveAnswers(instrument, Object.fromEntries(Object.entries(answers).filter(([, value]) => !isEmptyAnswer(value))));
	for (;;) {
		const bad = new Set(checkAnswers(instrument, current, false).map((issue) => issue.item));
		if (bad.size === 0) return current;
		current = effectiveAnswers(instrument, Object.fromEntries(Object.entries(current).filter(([key]) => !bad.has(key))));
	}
}

/** Keys of the items asked given the answers so far, in order. */
export function askedItems(instrument: Pick<Instrument, 'items'>, answers: Answers): Item[] {
	const relevant = relevantItemKeys(instrument, answers);
	return instrument.items.filter((item) => relevant.has(item.key));
}

/** The first item asked after `afterKey` (or the first of all), given the answers so far. */
export function nextItem(instrument: Instrument, answers: Answers, afterKey?: string): Item | undefined {
	const start = afterKey === undefined ? 0 : instrument.items.findIndex((item) => item.key === afterKey) + 1;
	const relevant = relevantItemKeys(instrument, answers);
	return instrument.items.slice(start).find((item) => relevant.has(item.key));
}
