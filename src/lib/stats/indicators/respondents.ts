/**
 * Respondent-level pieces of the indicator set: subgroup membership from a background item,
 * respondents inside a filter, and respondents per site × wave against the site's target. Pure.
 */
import { ITEM_ANSWERED, rowIncluded, type IndicatorDataset, type RowFilter } from './dataset';
import type { ResponseCount } from './types';

/**
 * Persons whose answer to `item` is `code`, taking each person's answer at the first wave they
 * answered it: subgroups are fixed at entry, so later answers (an age band moving on) do not move
 * a respondent between subgroups. `null` when no instrument of the project has the item.
 */
export function subgroupMask(dataset: IndicatorDataset, item: string, code: number): Uint8Array | null {
	const blockIndex = dataset.blocks.findIndex((block) => block.items.includes(item));
	if (blockIndex < 0) return null;
	const block = dataset.blocks[blockIndex]!;
	const column = block.items.indexOf(item);
	const width = block.items.length;
	const firstWave = new Int32Array(dataset.persons).fill(-1);
	const mask = new Uint8Array(dataset.persons);
	for (let row = 0; row < block.rows; row++) {
		if (block.states[row * width + column] !== ITEM_ANSWERED) continue;
		const person = block.person[row]!;
		const wave = block.wave[row]!;
		if (firstWave[person]! >= 0 && firstWave[person]! <= wave) continue;
		firstWave[person] = wave;
		mask[person] = block.values[row * width + column] === code ? 1 : 0;
	}
	return mask;
}

/** Distinct persons with at least one response inside the filter. */
export function countRespondents(dataset: IndicatorDataset, filter: RowFilter): number {
	const seen = new Uint8Array(dataset.persons);
	let count = 0;
	for (const block of dataset.blocks) {
		for (let row = 0; row < block.rows; row++) {
			const person = block.person[row]!;
			if (seen[person] || !rowIncluded(block, row, filter)) continue;
			seen[person] = 1;
			count++;
		}
	}
	return count;
}

/** Respondents per site × wave (any instrument) against the site's target per wave. */
export function responseCounts(dataset: IndicatorDataset, filter: RowFilter, includedSites: readonly number[]): ResponseCount[] {
	const waves = dataset.waves.length;
	const position = new Int32Array(dataset.sites.length).fill(-1);
	includedSites.forEach((site, i) => (position[site] = i));
	// One mark per person × wave for each included site: a person counts once per site and wave.
	const marks = includedSites.map(() => new Uint8Array(dataset.persons * waves));
	const counts = includedSites.map(() => new Int32Array(waves));
	for (const block of dataset.blocks) {
		for (let row = 0; row < block.rows; row++) {
			const at = position[block.site[row]!]!;
			if (at < 0 || !rowIncluded(block, row, filter)) continue;
			const key = block.person[row]! * waves + block.wave[row]!;
			if (marks[at]![key]) continue;
			marks[at]![key] = 1;
			counts[at]![block.wave[row]!]!++;
		}
	}
	return includedSites.flatMap((site, i) => {
		const info = dataset.sites[site]!;
		return dataset.waves.map((wave, w) => ({
			siteId: info.id,
			waveId: wave.id,
			respondents: counts[i]![w]!,
			target: info.targetPerWave,
			share: info.targetPerWave > 0 ? counts[i]![w]! / info.targetPerWave : null
		}));
	});
}
