import { describe, expect, it } from 'vitest';
import { crossSectionDid, panelDid } from '$lib/stats/did';
import reference from '../../fixtures/stats/did.json';
import { expectClose, expectCloseInterval, expectCloseP } from '../../fixtures/stats/reference';

const sites = { project: 3, comparison: 2 };

describe(`crossSectionDid against ${reference.r}`, () => {
	it.each(reference.cases.crossSections)('$name: post:treat of $calls.fit', ({ cells, expected }) => {
		const result = crossSectionDid(cells, sites);
		expectClose(result.estimate, expected.estimate, 'estimate');
		expectClose(result.se, expected.se, 'se');
		expectClose(result.t, expected.t, 't');
		expect(result.df).toBe(expected.df);
		expectCloseP(result.p, expected.p);
		expectCloseInterval(result.ci, expected.ci);
		expect(result.n).toBe(expected.n);
	});

	it('is the 2 × 2 of 20 rows, with its cell sizes and caution', () => {
		const small = reference.cases.crossSections[0]!;
		const result = crossSectionDid(small.cells, sites);
		expect(result.n).toBe(20);
		expect(Object.values(result.cells).map((cell) => cell.n)).toEqual([5, 4, 6, 5]);
		expect(result.caution).toBe(true);
		expect(crossSectionDid(reference.cases.crossSections[1]!.cells, sites).caution).toBe(false);
	});

	it('carries the sites per arm and the caveat that residents are treated as independent', () => {
		const result = crossSectionDid(reference.cases.crossSections[0]!.cells, { project: 1, comparison: 1 });
		expect(result.sitesPerArm).toEqual({ project: 1, comparison: 1 });
		expect(result.caveats).toEqual(['residents-independent']);
	});
});

describe(`panelDid against ${reference.r}`, () => {
	const panel = reference.cases.panel;

	it(panel.call, () => {
		const result = panelDid(
			{
				project: { pre: panel.cells.projectPre, post: panel.cells.projectPost },
				comparison: { pre: panel.cells.comparisonPre, post: panel.cells.comparisonPost }
			},
			sites
		);
		expectClose(result.difference, panel.estimate, 'difference');
		expectClose(result.se, panel.se, 'se');
		expectClose(result.t, panel.t, 't');
		expectClose(result.df, panel.df, 'df');
		expectCloseP(result.p, panel.p);
		expectCloseInterval(result.ci, panel.ci);
		expect(result).toMatchObject({ nX: 30, nY: 25, sitesPerArm: sites, caveats: ['residents-independent'] });
	});

	it('refuses an arm whose pre and post differ in length', () => {
		expect(() => panelDid({ project: { pre: [1, 2], post: [1] }, comparison: { pre: [], post: [] } }, sites)).toThrow(/project/);
	});
});

describe('crossSectionDid on degenerate input', () => {
	it('gives no estimate when a cell is empty', () => {
		const result = crossSectionDid({ comparisonPre: [1, 2], comparisonPost: [], projectPre: [2, 3], projectPost: [3, 4] }, sites);
		expect(result).toMatchObject({ n: 6, estimate: null, se: null, reason: 'empty' });
		expect(result.cells.comparisonPost).toEqual({ n: 0, mean: null });
	});

	it('gives the estimate but no inference when a cell has one score', () => {
		const result = crossSectionDid({ comparisonPre: [1, 2], comparisonPost: [2], projectPre: [2, 3], projectPost: [4, 5] }, sites);
		expect(result).toMatchObject({ estimate: 1.5, t: null, p: null, reason: 'n-below-2' });
	});

	it('gives no t when every cell is constant', () => {
		const result = crossSectionDid({ comparisonPre: [1, 1], comparisonPost: [2, 2], projectPre: [1, 1], projectPost: [3, 3] }, sites);
		expect(result).toMatchObject({ estimate: 1, se: null, t: null, reason: 'zero-variance' });
	});
});
