/**
 * Numerically careful building blocks: compensated sums, a corrected two-pass mean and variance,
 * and R's test for "data are essentially constant".
 */

/**
 * Largest magnitude accepted as a score. Far beyond any scale, and small enough that no square, sum of
 * squares or variance ratio in this module can overflow to Infinity.
 */
export const MAX_MAGNITUDE = 1e100;

/**
 * Throws unless every value is a finite number within ±{@link MAX_MAGNITUDE}: a NaN reaching the
 * statistics is a bug upstream (missing scores are filtered out before they get here).
 */
export function assertFinite(values: readonly number[], what: string): void {
	for (let index = 0; index < values.length; index++) {
		const value = values[index]!;
		if (!(Math.abs(value) <= MAX_MAGNITUDE)) throw new RangeError(`${what}[${index}] is not a finite score: ${value}`);
	}
}

/** Neumaier-compensated sum. */
export function sum(values: readonly number[]): number {
	return shiftedSum(values, 0);
}

/**
 * Neumaier-compensated sum of `values[i] − shift` (of `(values[i] − shift)²` when `squared`), adding in
 * index order: the same additions `sum(values.map(…))` makes, without the intermediate array.
 */
function shiftedSum(values: readonly number[], shift: number, squared = false): number {
	let total = 0;
	let compensation = 0;
	for (let i = 0; i < values.length; i++) {
		const deviation = values[i]! - shift;
		const value = squared ? deviation * deviation : deviation;
		const next = total + value;
		compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
		total = next;
	}
	return total + compensation;
}

/** Arithmetic mean with one refinement pass (as R's `mean`); NaN for an empty array, so callers check n first. */
export function mean(values: readonly number[]): number {
	const n = values.length;
	const first = sum(values) / n;
	return first + shiftedSum(values, first) / n;
}

/** Sample variance (denominator n − 1), corrected two-pass algorithm; needs n ≥ 2. */
export function variance(values: readonly number[], center = mean(values)): number {
	const squares = shiftedSum(values, center, true);
	const residual = shiftedSum(values, center);
	return Math.max(0, (squares - (residual * residual) / values.length) / (values.length - 1));
}

/** Sum of squared deviations from the mean (the residual sum of squares of one cell). */
export function sumOfSquares(values: readonly number[]): number {
	return values.length < 2 ? 0 : variance(values) * (values.length - 1);
}

/**
 * R's `t.test` refuses a standard error below `10 · ε · max|mean|` ("data are essentially constant");
 * the same rule here turns such a t into `null` instead of a huge or undefined number.
 */
export function isEssentiallyZero(standardError: number, ...means: number[]): boolean {
	const scale = Math.max(0, ...means.map(Math.abs));
	return !(standardError > 10 * Number.EPSILON * scale);
}

/** `value` if finite, else `null`: a last guard so no NaN or Infinity reaches a result. */
export function finiteOrNull(value: number): number | null {
	return Number.isFinite(value) ? value : null;
}
