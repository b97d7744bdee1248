/**
 * Internal consistency: Cronbach's alpha on complete cases, as `psych::alpha(x)$total$raw_alpha` on
 * `na.omit(x)`, i.e. `k/(k − 1) · (1 − Σ var_i / var_total)`.
 */
import { assertFinite, isEssentiallyZero, mean, sum, variance } from './numeric';
import { CAUTION_N, MIN_INFERENTIAL_N, type ResultFlags } from './types';

export interface CronbachAlpha extends ResultFlags {
	/** Respondents with every item answered: the `n` alpha rests on. */
	n: number;
	/** Number of items. */
	k: number;
	/** Rows left out because an item was missing. */
	incomplete: number;
	/** `null` below 2 items, below 2 complete cases, or when the total score does not vary. Can be negative. */
	alpha: number | null;
}

/**
 * Cronbach's alpha of an item matrix: one row per respondent, one column per item (after reverse coding),
 * `null` (or NaN) for a missing answer. Rows with any missing item are left out.
 * Every row must have `k` entries.
 */
export function cronbachAlpha(rows: ReadonlyArray<ReadonlyArray<number | null>>, k = rows[0]?.length ?? 0): CronbachAlpha {
	rows.forEach((row, i) => {
		if (row.length !== k) throw new RangeError(`row ${i} has ${row.length} items, expected ${k}`);
	});
	const complete = rows.filter((row): row is readonly number[] => row.every((value) => value !== null && Number.isFinite(value)));
	complete.forEach((row, i) => assertFinite(row, `complete row ${i}: item`));
	const columns = Array.from({ length: k }, (_, item) => complete.map((row) => row[item]!));
	return cronbachAlphaOfColumns(columns, rows.length - complete.length, complete.length);
}

/**
 * {@link cronbachAlpha} of complete cases given column-wise (`columns[item][case]`, every column the
 * same length `n`), with the number of `incomplete` rows already left out: the same figures without
 * an array per respondent.
 */
export function cronbachAlphaOfColumns(
	columns: ReadonlyArray<readonly number[]>,
	incomplete = 0,
	n = columns[0]?.length ?? 0
): CronbachAlpha {
	const k = columns.length;
	columns.forEach((column, item) => {
		if (column.length !== n) throw new RangeError(`item ${item} has ${column.length} values, expected ${n}`);
		assertFinite(column, `item ${item}`);
	});
	const base = { n, k, incomplete, caution: n < CAUTION_N };
	if (k < 2) return { ...base, reason: 'too-few-items', alpha: null };
	if (n === 0) return { ...base, reason: 'empty', alpha: null };
	if (n < MIN_INFERENTIAL_N) return { ...base, reason: 'n-below-2', alpha: null };

	const itemVariances = columns.map((column) => variance(column));
	const totals = new Array<number>(n);
	for (let row = 0; row < n; row++) {
		// The row's sum as `sum(row)` computes it (Neumaier, in item order).
		let total = 0;
		let compensation = 0;
		for (let item = 0; item < k; item++) {
			const value = columns[item]![row]!;
			const next = total + value;
			compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
			total = next;
		}
		totals[row] = total + compensation;
	}
	const totalMean = mean(totals);
	const totalVariance = variance(totals, totalMean);
	if (isEssentiallyZero(Math.sqrt(totalVariance), totalMean)) return { ...base, reason: 'zero-variance', alpha: null };
	return { ...base, reason: null, alpha: (k / (k - 1)) * (1 - sum(itemVariances) / totalVariance) };
}
