/**
 * How the indicator pages print figures: in the viewer's language, a dash with its reason when a
 * figure is null, a caution mark below n = 10. Pure apart from reading the current locale.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatNumber, formatP, formatPercent, formatSigned, localized, type Locale } from '$lib/charts/format';
import type { Interval, NullReason } from '$lib/stats/types';
import type { Arm } from '$lib/stats/indicators/types';
import type { LocalizedText } from '$lib/instruments/types';

export const locale = (): Locale => getLocale() as Locale;

export const text = (value: LocalizedText) => localized(value, locale());

export const num = (value: number | null | undefined, decimals = 2) =>
	value === null || value === undefined ? '–' : formatNumber(value, decimals, locale());

export const signed = (value: number | null | undefined, decimals = 2) =>
	value === null || value === undefined ? '–' : formatSigned(value, decimals, locale());

export const interval = (ci: Interval | null | undefined, decimals = 2) =>
	ci ? m.ind_interval({ lower: formatNumber(ci.lower, decimals, locale()), upper: formatNumber(ci.upper, decimals, locale()) }) : '–';

export const pValue = (p: number | null | undefined) => (p === null || p === undefined ? '–' : formatP(p));

export const percent = (share: number | null | undefined, decimals = 0) =>
	share === null || share === undefined ? '–' : formatPercent(share, locale(), decimals);

export const armName = (arm: Arm) => (arm === 'project' ? m.ind_arm_project() : m.ind_arm_comparison());

/** Why a figure is missing, for a title or a note. */
export function reasonText(reason: NullReason | null): string {
	switch (reason) {
		case 'empty':
			return m.ind_reason_empty();
		case 'n-below-2':
			return m.ind_reason_n_below_2();
		case 'zero-variance':
			return m.ind_reason_zero_variance();
		case 'too-few-items':
			return m.ind_reason_too_few_items();
		default:
			return '';
	}
}
