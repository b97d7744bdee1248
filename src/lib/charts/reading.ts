/**
 * A one-line reading of a scale's indicators in the viewer's language, generated from the figures:
 * "Community identity rose from 3.1 to 3.6 in project communities (+0.5, 95% CI 0.3 to 0.7) and
 * from 3.1 to 3.2 in comparison communities; difference-in-differences +0.4 (p < 0.001)."
 * Baseline against the latest follow-up with scores. Pure: figures and locale in, text out.
 */
import { m } from '$lib/paraglide/messages';
import type { WaveInfo } from '$lib/stats/indicators/types';
import type { ScaleTrend } from '$lib/stats/indicators/views';
import { decimalsFor, formatNumber, formatP, formatSigned, localized, type Locale } from './format';

type Direction = 'rose' | 'fell' | 'same';
type Group = ScaleTrend['waves'][number]['arms']['project'];

/** The follow-up compared with baseline: the latest one where either arm has scores. */
export function latestFollowUp(scale: ScaleTrend): ScaleTrend['followUps'][number] | undefined {
	return [...scale.followUps].reverse().find((followUp) => {
		const wave = scale.waves.find((w) => w.waveId === followUp.waveId);
		return wave !== undefined && (wave.arms.project.n > 0 || wave.arms.comparison.n > 0);
	});
}

export function readingOf(scale: ScaleTrend, waves: readonly WaveInfo[], locale: Locale): string {
	const options = { locale };
	const name = localized(scale.scale.label, locale);
	const decimals = decimalsFor(scale.scale.range);
	const number = (value: number) => formatNumber(value, decimals, locale);
	const baseline = scale.waves.find((w) => waves.find((info) => info.id === w.waveId)?.isBaseline);
	const followUp = latestFollowUp(scale);
	const later = followUp && scale.waves.find((w) => w.waveId === followUp.waveId);
	if (!baseline || (baseline.arms.project.n === 0 && baseline.arms.comparison.n === 0)) return m.ind_reading_none({ scale: name }, options);
	if (!followUp || !later) {
		return m.ind_reading_baseline_only(
			{ scale: name, project: meanText(baseline.arms.project, number), comparison: meanText(baseline.arms.comparison, number) },
			options
		);
	}

	const direction = (pre: number, post: number): Direction => (number(post) === number(pre) ? 'same' : post > pre ? 'rose' : 'fell');
	const movement = (pre: Group, post: Group, elide: Direction | null) => {
		const values = { from: number(pre.mean!), to: number(post.mean!) };
		const d = direction(pre.mean!, post.mean!);
		if (d === 'same') return m.ind_reading_same(values, options);
		// The second arm moving the same way as the first drops the verb in English ("and from 3.1 to 3.2").
		if (d === elide) return d === 'rose' ? m.ind_reading_rose_again(values, options) : m.ind_reading_fell_again(values, options);
		return d === 'rose' ? m.ind_reading_rose(values, options) : m.ind_reading_fell(values, options);
	};
	const has = (group: Group) => group.mean !== null;
	const parts: string[] = [];
	let projectDirection: Direction | null = null;
	// A caution when any group the sentence speaks of has fewer than 10 scores.
	let caution = false;
	if (has(baseline.arms.project) && has(later.arms.project)) {
		caution ||= followUp.arms.project.unpaired.caution;
		const change = followUp.arms.project.unpaired;
		const delta = formatSigned(change.difference!, decimals, locale);
		const move = movement(baseline.arms.project, later.arms.project, null);
		projectDirection = direction(baseline.arms.project.mean!, later.arms.project.mean!);
		parts.push(
			change.ci
				? m.ind_reading_project_ci(
						{ scale: name, movement: move, change: delta, lower: number(change.ci.lower), upper: number(change.ci.upper) },
						options
					)
				: m.ind_reading_project({ scale: name, movement: move, change: delta }, options)
		);
	}
	if (has(baseline.arms.comparison) && has(later.arms.comparison)) {
		caution ||= followUp.arms.comparison.unpaired.caution;
		const move = movement(baseline.arms.comparison, later.arms.comparison, projectDirection);
		parts.push(
			parts.length > 0
				? m.ind_reading_and_comparison({ movement: move }, options)
				: m.ind_reading_comparison({ scale: name, movement: move }, options)
		);
	}
	if (parts.length === 0) return m.ind_reading_none({ scale: name }, options);
	const did = followUp.did.crossSection;
	if (did.estimate !== null && parts.length === 2) {
		caution ||= did.caution;
		const estimate = formatSigned(did.estimate, decimals, locale);
		parts.push(
			did.p !== null ? m.ind_reading_did({ did: estimate, p: formatP(did.p) }, options) : m.ind_reading_did_no_p({ did: estimate }, options)
		);
	} else parts.push(m.ind_reading_end({}, options));
	return parts.join('') + (caution ? m.ind_reading_caution({}, options) : '');
}

function meanText(group: Group, number: (value: number) => string): string {
	return group.mean === null ? '–' : number(group.mean);
}
