import { describe, expect, it } from 'vitest';
import { bandFor, itemRange, reverseItems, scoreResponse, scoreScale } from '../../../src/lib/instruments/scoring';
import type { Answers, ScaleScore } from '../../../src/lib/instruments/types';
import { fixtureScale, scoringFixture } from '../../fixtures/instruments/scoring-fixture';

/** Every item of the fixture relevant, unless a test says otherwise. */
const allRelevant: ReadonlySet<string> = new Set(scoringFixture.items.map((item) => item.key));

function score(scaleKey: string, answers: Answers, relevant = allRelevant): ScaleScore {
	return scoreScale(scoringFixture, fixtureScale(scaleKey), answers, relevant);
}

describe('reverse coding on a 1–5 scale', () => {
	it('recodes items reversed by the item and by the scale as 1 + 5 − x', () => {
		// a3 (item reverse) 2 → 1 + 5 − 2 = 4; a5 (scale reverse) 1 → 5
		// values 4, 5, 4, 3, 5 → 21 / 5 = 4.2
		const result = score('attitude', { a1: 4, a2: 5, a3: 2, a4: 3, a5: 1 });
		expect(result).toEqual({
			scaleKey: 'attitude',
			score: 4.2,
			raw: 4.2,
			relevantItems: 5,
			answeredItems: 5,
			prorated: false,
			band: null
		});
	});

	it('takes the effective reverse set as scale.reverse ∪ items marked reverse', () => {
		const attitude = reverseItems(scoringFixture, fixtureScale('attitude'));
		expect(attitude).toEqual(new Set(['a3', 'a5']));
		expect(reverseItems(scoringFixture, fixtureScale('ties'))).toEqual(new Set(['n1']));
		expect(reverseItems(scoringFixture, fixtureScale('who5'))).toEqual(new Set());
	});
});

describe('missing codes', () => {
	it('treats 9 = don\u2019t know as relevant but not answered', () => {
		// a2 = 9 is missing; values 4, 4 (a3 2 reversed), 3, 5 (a5 1 reversed) → 16 / 4 = 4
		const result = score('attitude', { a1: 4, a2: 9, a3: 2, a4: 3, a5: 1 });
		expect(result.relevantItems).toBe(5);
		expect(result.answeredItems).toBe(4);
		expect(result.score).toBe(4);
		expect(result.prorated).toBe(true);
	});

	it('does not reverse a missing code on a reversed item', () => {
		// a3 = 9 on a reversed item stays missing (not 1 + 5 − 9 = −3)
		// values 4, 5, 3, 5 (a5 1 reversed) → 17 / 4 = 4.25
		const result = score('attitude', { a1: 4, a2: 5, a3: 9, a4: 3, a5: 1 });
		expect(result.answeredItems).toBe(4);
		expect(result.score).toBe(4.25);
	});

	it('treats a string answer to a numeric item as missing', () => {
		// n2 = '7' is not a number: 1 of 2 answered, 0.5 < 0.8 → no score
		const result = score('ties', { n1: 5, n2: '7' });
		expect(result).toMatchObject({ relevantItems: 2, answeredItems: 1, score: null });
	});
});

describe('prorated sum with a transform (WHO-5-like)', () => {
	it('scales the mean of the answered items up to all items, then transforms', () => {
		// w5 unanswered: mean (3 + 4 + 2 + 4) / 4 = 13 / 4 = 3.25; raw 3.25 × 5 = 16.25
		// score 16.25 × 4 + 0 = 65; band on raw 16.25 > 12 → adequate
		const result = score('who5', { w1: 3, w2: 4, w3: 2, w4: 4 });
		expect(result).toEqual({
			scaleKey: 'who5',
			score: 65,
			raw: 16.25,
			relevantItems: 5,
			answeredItems: 4,
			prorated: true,
			band: 'adequate'
		});
	});

	it('defines bands on the raw sum, not on the transformed score', () => {
		// 2 + 2 + 3 + 3 + 2 = 12 → mean 2.4 × 5 = 12 (raw) → poor (≤ 12); score 12 × 4 = 48
		const result = score('who5', { w1: 2, w2: 2, w3: 3, w4: 3, w5: 2 });
		expect(result.raw).toBeCloseTo(12, 12);
		expect(result.score).toBeCloseTo(48, 12);
		expect(result.band).toBe('poor');
		expect(result.prorated).toBe(false);
	});
});

describe('minimum share of relevant items answered', () => {
	it('scores 4 of 5 answered with minAnswered 0.8 (exactly the boundary)', () => {
		// 4 ≥ 0.8 × 5 = 4 → scored; values 4, 5, 4 (a3 2 reversed), 3 → 16 / 4 = 4
		const result = score('attitude', { a1: 4, a2: 5, a3: 2, a4: 3 });
		expect(result).toMatchObject({ answeredItems: 4, relevantItems: 5, score: 4, raw: 4 });
	});

	it('does not score 3 of 5 answered', () => {
		// 3 < 0.8 × 5 = 4 → no score, raw or band
		const result = score('attitude', { a1: 4, a2: 5, a3: 2 });
		expect(result).toEqual({
			scaleKey: 'attitude',
			score: null,
			raw: null,
			relevantItems: 5,
			answeredItems: 3,
			prorated: true,
			band: null
		});
	});

	it('absorbs floating-point error at the boundary (14 of 25 with 0.56)', () => {
		// 0.56 × 25 = 14.000000000000002 in floating point; 14 answered must still pass
		const plain = ['a1', 'a2', 'a4', 'a5', 'w1', 'w2', 'w3', 'w4', 'w5'];
		plain.push('k1', 'k2', 'k3', 'k4', 'k5');
		const rest = ['a3', 'n1', 'k6', 'b1', 'b2', 'h1', 'h2', 'h3', 'n2', 'p1', 'hh_size'];
		const items = [...plain, ...rest];
		const scale = { ...fixtureScale('attitude'), items, minAnswered: 0.56, reverse: [] };
		const answers: Answers = Object.fromEntries(plain.map((key) => [key, 1]));
		// fourteen values of 1 → mean 1
		const result = scoreScale(scoringFixture, scale, answers, allRelevant);
		expect(result).toMatchObject({ answeredItems: 14, relevantItems: 25, score: 1 });
		// 13 of 25 < 14 → no score
		delete answers.k5;
		expect(scoreScale(scoringFixture, scale, answers, allRelevant).score).toBeNull();
	});

	it('needs both items of a 2-item subscale with minAnswered 1', () => {
		// b2 = 9 is missing: 1 < 1 × 2 → no score
		expect(score('membership', { b1: 4, b2: 9 })).toMatchObject({
			relevantItems: 2,
			answeredItems: 1,
			score: null
		});
		// both answered: (4 + 5) / 2 = 4.5
		expect(score('membership', { b1: 4, b2: 5 }).score).toBe(4.5);
	});
});

describe('structural skips', () => {
	it('leaves an item skipped by relevance out of the denominator', () => {
		// h3 skipped: relevant 2, answered 2, 2 ≥ 0.8 × 2 → (4 + 2) / 2 = 3
		// 2 answered < 3 items → prorated
		const relevant = new Set(['h1', 'h2']);
		const result = score('housing', { h1: 4, h2: 2 }, relevant);
		expect(result).toEqual({
			scaleKey: 'housing',
			score: 3,
			raw: 3,
			relevantItems: 2,
			answeredItems: 2,
			prorated: true,
			band: null
		});
	});

	it('counts the same item against the score when it was relevant but unanswered', () => {
		// h3 relevant and unanswered: 2 < 0.8 × 3 = 2.4 → no score
		const result = score('housing', { h1: 4, h2: 2 });
		expect(result).toMatchObject({ relevantItems: 3, answeredItems: 2, score: null });
	});

	it('ignores answers to items that were not relevant', () => {
		// a stale h3 = 5 from before a relevance change must not count: still (4 + 2) / 2 = 3
		const relevant = new Set(['h1', 'h2']);
		expect(score('housing', { h1: 4, h2: 2, h3: 5 }, relevant).score).toBe(3);
	});

	it('gives no score when every item of the scale was skipped', () => {
		const result = score('housing', { h1: 4 }, new Set());
		expect(result).toEqual({
			scaleKey: 'housing',
			score: null,
			raw: null,
			relevantItems: 0,
			answeredItems: 0,
			prorated: true,
			band: null
		});
	});
});

describe('bandFor (K6-style bounds)', () => {
	// low [0, 5), moderate [5, 13), serious [13, ∞)
	const bands = fixtureScale('k6').bands;

	it('puts each value in the first band whose bounds contain it', () => {
		expect(bandFor(bands, 0)).toBe('low');
		expect(bandFor(bands, 4.9999)).toBe('low');
		expect(bandFor(bands, 5)).toBe('moderate');
		expect(bandFor(bands, 12.5)).toBe('moderate');
		expect(bandFor(bands, 13)).toBe('serious');
		expect(bandFor(bands, 24)).toBe('serious');
	});

	it('treats an absent bound as unbounded and inclusive bounds as inclusive', () => {
		expect(bandFor(bands, -1)).toBe('low');
		const who5 = fixtureScale('who5').bands; // poor ≤ 12, adequate > 12
		expect(bandFor(who5, 12)).toBe('poor');
		expect(bandFor(who5, 12.0001)).toBe('adequate');
	});

	it('returns null when no band matches or there are no bands', () => {
		expect(bandFor([], 3)).toBeNull();
		expect(bandFor(bands.slice(0, 2), 13)).toBeNull();
		expect(bandFor(bands, Number.NaN)).toBeNull();
	});

	it('bands a scored K6 response on its prorated sum', () => {
		// k6 unanswered: (2 + 2 + 2 + 2 + 2) / 5 = 2; raw 2 × 6 = 12 → moderate
		expect(score('k6', { k1: 2, k2: 2, k3: 2, k4: 2, k5: 2 })).toMatchObject({
			raw: 12,
			score: 12,
			band: 'moderate',
			prorated: true
		});
		// (2 + 3 + 2 + 3 + 2) / 5 = 2.4; raw 2.4 × 6 = 14.4 → serious
		const serious = score('k6', { k1: 2, k2: 3, k3: 2, k4: 3, k5: 2 });
		expect(serious.raw).toBeCloseTo(14.4, 12);
		expect(serious.band).toBe('serious');
		// all six: 1 + 2 + 1 + 0 + 1 + 0 = 5 → moderate (lower bound inclusive)
		expect(score('k6', { k1: 1, k2: 2, k3: 1, k4: 0, k5: 1, k6: 0 })).toMatchObject({
			raw: 5,
			band: 'moderate',
			prorated: false
		});
	});
});

describe('number items', () => {
	it('reverses a number item on its own min and max', () => {
		// n1 reversed on [0, 20]: 0 + 20 − 5 = 15; n2 = 7 → (15 + 7) / 2 = 11
		expect(score('ties', { n1: 5, n2: 7 })).toMatchObject({ score: 11, answeredItems: 2 });
	});

	it('throws when a reversed item has no range to reverse on', () => {
		const scale = { ...fixtureScale('ties'), items: ['hh_size'], reverse: ['hh_size'] };
		expect(() => scoreScale(scoringFixture, scale, { hh_size: 4 }, allRelevant)).toThrow(/hh_size/);
	});
});

describe('multi items', () => {
	it('scores the number of selected non-missing codes', () => {
		// m1 = [1, 3, 9]: 9 is missing → 2 selected; p1 = 4 → mean 3 × 2 items = 6
		expect(score('participation', { m1: [1, 3, 9], p1: 4 })).toMatchObject({
			raw: 6,
			answeredItems: 2,
			prorated: false
		});
	});

	it('treats an empty or all-missing selection as unanswered', () => {
		// m1 not answered: 1 ≥ 0.5 × 2 → mean 4 × 2 = 8, prorated
		for (const m1 of [[], [9]]) {
			expect(score('participation', { m1, p1: 4 })).toMatchObject({
				raw: 8,
				relevantItems: 2,
				answeredItems: 1,
				prorated: true
			});
		}
	});
});

describe('itemRange', () => {
	it('uses the non-missing option codes of a choice item', () => {
		expect(itemRange(scoringFixture, 'a1')).toEqual([1, 5]); // 9 (don't know) excluded
		expect(itemRange(scoringFixture, 'w1')).toEqual([0, 5]);
	});

	it('uses min and max of a number item, or nothing when they are not set', () => {
		expect(itemRange(scoringFixture, 'n1')).toEqual([0, 20]);
		expect(itemRange(scoringFixture, 'hh_size')).toBeUndefined();
	});

	it('uses 0 … number of non-missing options for a multi item (scored as a count)', () => {
		expect(itemRange(scoringFixture, 'm1')).toEqual([0, 4]);
	});

	it('returns undefined for an unknown item', () => {
		expect(itemRange(scoringFixture, 'nope')).toBeUndefined();
	});
});

describe('scoreResponse', () => {
	it('scores every scale in instrument order', () => {
		const answers: Answers = { a1: 4, a2: 5, a3: 2, a4: 3, a5: 1 };
		const results = scoreResponse(scoringFixture, answers, allRelevant);
		expect(results.map((result) => result.scaleKey)).toEqual(scoringFixture.scales.map((scale) => scale.key));
		expect(results[0]?.score).toBe(4.2);
		expect(results.slice(1).every((result) => result.score === null)).toBe(true);
	});

	it('never returns NaN or Infinity', () => {
		// non-finite answers are missing; four answers of 1e308 overflow the sum to Infinity
		const huge = 1e308;
		const answers: Answers = { a1: Number.NaN, a2: Number.POSITIVE_INFINITY };
		Object.assign(answers, { w1: huge, w2: huge, w3: huge, w4: huge });
		const results = scoreResponse(scoringFixture, answers, allRelevant);
		expect(results.find((result) => result.scaleKey === 'who5')).toMatchObject({
			answeredItems: 4,
			raw: null,
			score: null
		});
		for (const result of results) {
			for (const value of [result.score, result.raw]) {
				expect(value === null || Number.isFinite(value)).toBe(true);
			}
		}
	});
});
