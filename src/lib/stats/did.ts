/**
 * Difference-in-differences: for repeated cross-sections the `post:treat` coefficient of
 * `lm(score ~ post * treat)` with its classical SE; for the panel, Welch's test of change scores.
 */
import { assertFinite, isEssentiallyZero, mean, sumOfSquares } from './numeric';
import { tInference, welchTTest, type WelchTest } from './tests';
import { CAUTION_N, MIN_INFERENTIAL_N, type DidCaveat, type ResultFlags, type SitesPerArm, type TInference } from './types';

/** The four cells of a 2 × 2 design: arm × wave. */
export interface DidCells<T> {
	comparisonPre: T;
	comparisonPost: T;
	projectPre: T;
	projectPost: T;
}

export interface CellSummary {
	n: number;
	mean: number | null;
}

export interface CrossSectionDid extends ResultFlags, TInference {
	/** n and mean of each cell. */
	cells: DidCells<CellSummary>;
	/** (projectPost − projectPre) − (comparisonPost − comparisonPre) in cell means. */
	estimate: number | null;
	sitesPerArm: SitesPerArm;
	caveats: DidCaveat[];
}

const CELL_NAMES = ['comparisonPre', 'comparisonPost', 'projectPre', 'projectPost'] as const;

/**
 * The `post:treat` coefficient of `lm(score ~ post * treat)` (post, treat coded 0/1) with the classical
 * SE, df = N − 4, t, two-sided p and 95% CI. The model is saturated in the four cells, so the coefficient
 * is the difference of cell-mean differences, σ² is the pooled within-cell variance RSS / (N − 4), and
 * SE = σ·√(Σ 1/n_cell) — the same numbers as OLS. Every cell needs 2 scores for inference; `caution`
 * when any cell has fewer than 10.
 */
export function crossSectionDid(cells: DidCells<readonly number[]>, sitesPerArm: SitesPerArm): CrossSectionDid {
	for (const name of CELL_NAMES) assertFinite(cells[name], name);
	const summaries = mapCells(cells, (scores) => ({ n: scores.length, mean: scores.length > 0 ? mean(scores) : null }));
	const sizes = CELL_NAMES.map((name) => summaries[name].n);
	const n = sizes.reduce((a, b) => a + b, 0);
	const base = { n, cells: summaries, sitesPerArm, caveats: didCaveats(), caution: Math.min(...sizes) < CAUTION_N };
	const none = { se: null, t: null, df: null, p: null, ci: null };

	const { comparisonPre, comparisonPost, projectPre, projectPost } = summaries;
	if (comparisonPre.mean === null || comparisonPost.mean === null || projectPre.mean === null || projectPost.mean === null) {
		return { ...base, reason: 'empty', estimate: null, ...none };
	}
	const estimate = projectPost.mean - projectPre.mean - (comparisonPost.mean - comparisonPre.mean);
	if (Math.min(...sizes) < MIN_INFERENTIAL_N) return { ...base, reason: 'n-below-2', estimate, ...none };

	const df = n - 4;
	const residualVariance = CELL_NAMES.reduce((rss, name) => rss + sumOfSquares(cells[name]), 0) / df;
	const se = Math.sqrt(residualVariance * sizes.reduce((total, size) => total + 1 / size, 0));
	const means = CELL_NAMES.map((name) => summaries[name].mean ?? 0);
	if (isEssentiallyZero(se, ...means)) return { ...base, reason: 'zero-variance', estimate, ...none };
	return { ...base, estimate, ...tInference(estimate, se, df) };
}

/** Welch's test of change scores, X = project arm, Y = comparison arm; `difference` is the DiD. */
export interface PanelDid extends WelchTest {
	sitesPerArm: SitesPerArm;
	caveats: DidCaveat[];
}

/** One arm's panel respondents: `post[i]` and `pre[i]` are the same respondent. */
export interface PanelArm {
	pre: readonly number[];
	post: readonly number[];
}

/**
 * Panel DiD: `t.test(projectPost − projectPre, comparisonPost − comparisonPre)` (Welch) on the change
 * scores of respondents scored in both waves.
 */
export function panelDid(arms: { project: PanelArm; comparison: PanelArm }, sitesPerArm: SitesPerArm): PanelDid {
	return {
		...welchTTest(changeScores(arms.project, 'project'), changeScores(arms.comparison, 'comparison')),
		sitesPerArm,
		caveats: didCaveats()
	};
}

function changeScores(arm: PanelArm, name: string): number[] {
	if (arm.pre.length !== arm.post.length)
		throw new RangeError(`${name}: pre and post differ in length: ${arm.pre.length} vs ${arm.post.length}`);
	assertFinite(arm.pre, `${name}.pre`);
	assertFinite(arm.post, `${name}.post`);
	return arm.post.map((value, i) => value - arm.pre[i]!);
}

/** Always true of these models: residents are treated as independent, communities not as clusters. */
function didCaveats(): DidCaveat[] {
	return ['residents-independent'];
}

function mapCells<T, U>(cells: DidCells<T>, f: (cell: T) => U): DidCells<U> {
	return {
		comparisonPre: f(cells.comparisonPre),
		comparisonPost: f(cells.comparisonPost),
		projectPre: f(cells.projectPre),
		projectPost: f(cells.projectPost)
	};
}
