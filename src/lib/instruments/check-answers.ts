/**
 * Checks a response's answers against its exact instrument version: known items, the right type,
 * codes from the item's response scale, bounds, constraints, relevance and — for complete
 * responses — every relevant required item. Isomorphic: the player checks a screen with it and
 * the server checks the whole submission.
 */
import type { AnswerValue, Answers, Instrument, Item } from './types';
import { constraintHolds, walkItems } from './relevance';

export interface AnswerIssue {
	/** Item key the issue is about. */
	item: string;
	message: string;
}

const DEFAULT_MAX_LENGTH = 2000;

/** Issues with one answer taken alone (type, code, bounds); constraints need the other answers too. */
export function checkAnswerValue(instrument: Instrument, item: Item, value: AnswerValue): string | undefined {
	switch (item.type) {
		case 'info':
			return 'is an information screen and takes no answer';
		case 'likert':
		case 'single': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return `must be one of the codes ${codesOf(instrument, item).join(', ')}`;
			return codesOf(instrument, item).includes(value)
				? undefined
				: `code ${value} is not an option (codes: ${codesOf(instrument, item).join(', ')})`;
		}
		case 'multi': {
			if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list of codes';
			const codes = codesOf(instrument, item);
			const bad = value.find((v) => typeof v !== 'number' || !codes.includes(v));
			if (bad !== undefined) return `code ${JSON.stringify(bad)} is not an option (codes: ${codes.join(', ')})`;
			return new Set(value).size === value.length ? undefined : 'lists a code twice';
		}
		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
			if (item.integer && !Number.isInteger(value)) return 'must be a whole number';
			if (item.min !== undefined && value < item.min) return `must be at least ${item.min}`;
			if (item.max !== undefined && value > item.max) return `must be at most ${item.max}`;
			return undefined;
		}
		case 'text': {
			if (typeof value !== 'string') return 'must be text';
			if (value.trim() === '') return 'must not be blank (leave it out instead)';
			if ([...value].length > (item.maxLength ?? DEFAULT_MAX_LENGTH))
				return `must be at most ${item.maxLength ?? DEFAULT_MAX_LENGTH} characters`;
			return undefined;
		}
		case 'date': {
			if (typeof value !== 'string' || !isIsoDate(value)) return 'must be a date YYYY-MM-DD';
			if (item.minDate && value < item.minDate) return `must be on or after ${item.minDate}`;
			if (item.maxDate && value > item.maxDate) return `must be on or before ${item.maxDate}`;
			return undefined;
		}
	}
}

/** Every issue with a response's answers. `complete` requires each relevant required item. */
export function checkAnswers(instrument: Instrument, answers: Answers, complete: boolean): AnswerIssue[] {
	const issues: AnswerIssue[] = [];
	const items = new Map(instrument.items.map((item) => [item.key, item]));
	for (const key of Object.keys(answers)) {
		if (!items.has(key))
			issues.push({ item: key, message: `unknown item '${key}' in instrument '${instrument.key}' ${instrument.version}` });
	}
	const { relevant, visible } = walkItems(instrument.items, answers);
	for (const item of instrument.items) {
		const answered = Object.hasOwn(answers, item.key);
		if (answered && !relevant.has(item.key)) {
			issues.push({ item: item.key, message: `item '${item.key}' was skipped by its relevance rule but has an answer` });
			continue;
		}
		if (!answered) {
			if (complete && item.required && relevant.has(item.key))
				issues.push({ item: item.key, message: `required item '${item.key}' is not answered` });
			continue;
		}
		const problem = checkAnswerValue(instrument, item, answers[item.key] as AnswerValue);
		if (problem) issues.push({ item: item.key, message: `answer to '${item.key}' ${problem}` });
		else if (!constraintHolds(item, visible)) {
			const explanation = item.constraintMessage?.en ?? item.constraint;
			issues.push({ item: item.key, message: `answer to '${item.key}' breaks its constraint: ${explanation}` });
		}
	}
	return issues;
}

function codesOf(instrument: Instrument, item: Item): number[] {
	return instrument.responseScales.find((s) => s.key === item.scale)?.options.map((o) => o.code) ?? [];
}

function isIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
