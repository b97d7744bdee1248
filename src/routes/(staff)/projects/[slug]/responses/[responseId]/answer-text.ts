import { localized } from '$lib/localize';
import type { AnswerValue, Instrument, Item } from '$lib/instruments/types';

/** An answer as a reviewer reads it: option labels (with their codes) in `locale`, else the value. */
export function answerText(instrument: Instrument, item: Item | undefined, value: AnswerValue, locale: string): string {
	const options = instrument.responseScales.find((s) => s.key === item?.scale)?.options ?? [];
	const label = (code: number) => {
		const option = options.find((o) => o.code === code);
		return option ? `${localized(option.label, locale)} (${code})` : String(code);
	};
	if (Array.isArray(value)) return value.map(label).join('; ');
	if (typeof value === 'number' && options.length > 0) return label(value);
	return String(value);
}
