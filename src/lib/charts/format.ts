/**
 * Number formatting for indicators in the viewer's language: fixed decimals chosen from the scale's
 * range, signed changes, intervals and p-values. Pure.
 */
import type { LocalizedText } from '$lib/instruments/types';

export type Locale = 'en' | 'zh-Hans';

/** Decimals for a scale's means: none on wide metrics (0–100), one otherwise (1–5, 0–24). */
export function decimalsFor(range: { min: number; max: number } | null): number {
	return range && range.max - range.min >= 50 ? 0 : 1;
}

export function formatNumber(value: number, decimals: number, locale: Locale): string {
	return new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: false }).format(
		value
	);
}

/** `+0.4`, `-0.2`, `0.0`; a non-zero change that would round to zero gets one more decimal. */
export function formatSigned(value: number, decimals: number, locale: Locale): string {
	const places = value !== 0 && Math.round(Math.abs(value) * 10 ** decimals) === 0 ? decimals + 1 : decimals;
	return new Intl.NumberFormat(locale, {
		minimumFractionDigits: places,
		maximumFractionDigits: places,
		signDisplay: 'exceptZero',
		useGrouping: false
	}).format(value);
}

/** `p < 0.001` or `p = 0.032`. */
export function formatP(p: number): string {
	return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** A share as a whole percentage, `43%`. */
export function formatPercent(share: number, locale: Locale, decimals = 0): string {
	return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(
		share
	);
}

/** Text in the viewer's language, else English, else whichever the instrument has. */
export function localized(text: LocalizedText, locale: Locale): string {
	return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}
