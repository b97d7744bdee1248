import { m } from '$lib/paraglide/messages';
import { LANGUAGE_NAMES } from '$lib/localize';

/** Readable names of instrument fields; a field without one is shown as it is written in the file. */
const FIELD_LABELS: Record<string, () => string> = {
	prompt: m.diff_field_prompt,
	hint: m.diff_field_hint,
	type: m.diff_field_type,
	scale: m.diff_field_scale,
	required: m.diff_field_required,
	relevance: m.diff_field_relevance,
	constraint: m.diff_field_constraint,
	constraintMessage: m.diff_field_constraintMessage,
	reverse: m.diff_field_reverse,
	min: m.diff_field_min,
	max: m.diff_field_max,
	section: m.diff_field_section,
	label: m.diff_field_label,
	icon: m.diff_field_icon,
	missing: m.diff_field_missing,
	items: m.diff_field_items,
	method: m.diff_field_method,
	minAnswered: m.diff_field_minAnswered,
	transform: m.diff_field_transform,
	higherIsBetter: m.diff_field_higherIsBetter,
	bands: m.diff_field_bands,
	description: m.diff_field_description,
	title: m.diff_field_title,
	intro: m.diff_field_intro,
	languages: m.diff_field_languages,
	metadata: m.diff_field_metadata,
	options: m.diff_field_options
};

/** `['options', '9', 'label', 'en']` → "Options › option 9 › Label › English". */
export function fieldPathLabel(path: string[]): string {
	return path
		.map((segment, i) => {
			if (path[i - 1] === 'options') return m.diff_option({ code: segment });
			return FIELD_LABELS[segment]?.() ?? LANGUAGE_NAMES[segment] ?? segment;
		})
		.join(' › ');
}

/** A field value as text: strings as they are, yes/no, "(none)" for an absent field, else JSON. */
export function formatDiffValue(value: unknown): string {
	if (value === undefined || value === null) return m.diff_absent();
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? m.diff_yes() : m.diff_no();
	return JSON.stringify(value);
}
