import { describe, it, expect } from 'vitest';
import { effectiveAnswers, relevantItemKeys } from '$lib/instruments/relevance';
import type { Answers, Item, ItemType } from '$lib/instruments/types';

function item(key: string, type: ItemType, relevance?: string): Item {
	return { key, type, prompt: { en: key }, required: false, reverse: false, ...(relevance ? { relevance } : {}) };
}

// a → b (only if a = 1) → c (only if b was answered) → d (always) → e (only if b > 10)
const instrument = {
	items: [
		item('a', 'single'),
		item('b', 'number', '${a} = 1'),
		item('c', 'text', 'answered(${b})'),
		item('d', 'multi'),
		item('e', 'info', '${b} > 10')
	]
};

const keys = (answers: Answers) => [...relevantItemKeys(instrument, answers)];

describe('relevantItemKeys', () => {
	it('treats items without relevance as relevant', () => {
		expect(keys({})).toEqual(['a', 'd']);
		expect(relevantItemKeys({ items: [item('x', 'text'), item('y', 'date')] }, {})).toEqual(new Set(['x', 'y']));
	});

	it('includes items whose relevance holds', () => {
		expect(keys({ a: 1, b: 20, c: 'fine' })).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(keys({ a: 1, b: 5 })).toEqual(['a', 'b', 'c', 'd']);
		expect(keys({ a: 1 })).toEqual(['a', 'b', 'd']);
	});

	it('cascades: an item depending on a skipped item sees it as unanswered', () => {
		// b was answered before a changed to 2; b is now skipped, so c and e must not see b = 20.
		expect(keys({ a: 2, b: 20, c: 'stale' })).toEqual(['a', 'd']);
	});

	it('lets an expression see only items before it', () => {
		const backwards = { items: [item('p', 'single', '${q} = 1'), item('q', 'single')] };
		expect([...relevantItemKeys(backwards, { q: 1 })]).toEqual(['q']);
	});

	it('reparses a relevance edited in place rather than serving a cached tree', () => {
		const edited = { items: [item('a', 'single'), item('b', 'number', '${a} = 1')] };
		expect([...relevantItemKeys(edited, { a: 2 })]).toEqual(['a']);
		const b = edited.items[1];
		if (b) b.relevance = '${a} = 2';
		expect([...relevantItemKeys(edited, { a: 2 })]).toEqual(['a', 'b']);
	});

	it('names the item when its relevance does not parse', () => {
		const broken = { items: [item('a', 'single'), item('b', 'number', '${a} =')] };
		expect(() => relevantItemKeys(broken, {})).toThrow("item 'b' relevance: column 7: expected a value but found end of expression");
	});
});

describe('effectiveAnswers', () => {
	it('keeps answers to relevant items only', () => {
		expect(effectiveAnswers(instrument, { a: 1, b: 20, c: 'fine', d: [1, 2] })).toEqual({
			a: 1,
			b: 20,
			c: 'fine',
			d: [1, 2]
		});
		expect(effectiveAnswers(instrument, { a: 2, b: 20, c: 'stale', d: [] })).toEqual({ a: 2, d: [] });
	});

	it('drops answers to keys the instrument does not have', () => {
		expect(effectiveAnswers(instrument, { a: 1, zz: 3, constructor: 1 } as Answers)).toEqual({ a: 1 });
	});

	it('does not mistake inherited properties for answers', () => {
		const tricky = { items: [item('constructor', 'number'), item('b', 'text', 'answered(${constructor})')] };
		expect(effectiveAnswers(tricky, {})).toEqual({});
		expect([...relevantItemKeys(tricky, {})]).toEqual(['constructor']);
	});
});
