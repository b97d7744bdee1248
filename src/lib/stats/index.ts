/**
 * Anju's statistics engine: pure functions over plain arrays of scores, matching R to 1e-8
 * (reference values in tests/fixtures/stats). No DB, no Svelte, no I/O. Every result carries its n,
 * a `caution` flag below 10 and `null` figures with a `reason` instead of NaN or Infinity.
 */
export { describeScores, median, quantile, type Descriptives } from './descriptives';
export { bandShares, wilsonInterval, type BandShare, type BandShares, type Proportion } from './proportions';
export { hedgesG, pairedTTest, welchTTest, type HedgesG, type PairedTest, type WelchTest } from './tests';
export { crossSectionDid, panelDid, type CellSummary, type CrossSectionDid, type DidCells, type PanelArm, type PanelDid } from './did';
export { cronbachAlpha, cronbachAlphaOfColumns, type CronbachAlpha } from './reliability';
export { dzInterval, hedgesGInterval, type StandardizedInterval } from './effect-intervals';
export { retention, retentionByArm, retentionOfGroups, type Retention, type RetentionRecord } from './retention';
export { twoSidedP, tCritical95, Z_CRITICAL_95 } from './distributions';
export { MAX_MAGNITUDE } from './numeric';
export {
	CAUTION_N,
	MIN_INFERENTIAL_N,
	type DidCaveat,
	type Interval,
	type NullReason,
	type ResultFlags,
	type SitesPerArm,
	type TInference
} from './types';
