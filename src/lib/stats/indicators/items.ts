/**
 * Per scale × wave: Cronbach's alpha on complete cases (items reverse-coded as the scale scores
 * them) and item missingness among the responses in which each item was relevant — structural
 * skips are not missing. Pure.
 */
import { wilsonInterval } from '../proportions';
import { cronbachAlphaOfColumns } from '../reliability';
import { ITEM_ANSWERED, ITEM_DONT_KNOW, ITEM_UNANSWERED, rowIncluded, type IndicatorDataset, type RowFilter } from './dataset';
import type { ItemMissing, WaveItems } from './types';

/** `byWave`: the rows of the scale's block by wave ({@link rowsByWave}). */
export function waveItems(dataset: IndicatorDataset, scale: number, filter: RowFilter, byWave: readonly Int32Array[]): WaveItems[] {
	const layout = dataset.layouts[scale]!;
	const block = dataset.blocks[layout.block]!;
	const info = dataset.scales[scale]!;
	const width = block.items.length;
	const k = info.items.length;
	const itemColumns = Int32Array.from(layout.itemColumns);
	// NaN: the item is not reverse-coded in this scale.
	const reverseSums = Float64Array.from(layout.reverseSums, (sum) => sum ?? NaN);
	return dataset.waves.map((wave, w) => {
		const columns: number[][] = Array.from({ length: k }, () => []);
		const values = new Float64Array(k);
		const counts = new Int32Array(k * 4);
		let responses = 0;
		let scored = 0;
		let incomplete = 0;
		const rows = byWave[w] ?? new Int32Array(0);
		for (let r = 0; r < rows.length; r++) {
			const row = rows[r]!;
			if (!rowIncluded(block, row, filter)) continue;
			responses++;
			if (!Number.isNaN(block.scores[row * block.scales.length + layout.column]!)) scored++;
			let complete = true;
			for (let i = 0; i < k; i++) {
				const column = itemColumns[i]!;
				if (column < 0) {
					complete = false;
					continue;
				}
				counts[i * 4 + block.states[row * width + column]!]!++;
				const value = block.values[row * width + column]!;
				const reverse = reverseSums[i]!;
				values[i] = reverse === reverse ? reverse - value : value;
				if (Number.isNaN(value)) complete = false;
			}
			if (!complete) incomplete++;
			else for (let i = 0; i < k; i++) columns[i]!.push(values[i]!);
		}
		const items = info.items.map((item, i): ItemMissing => {
			const answered = counts[i * 4 + ITEM_ANSWERED]!;
			const dontKnow = counts[i * 4 + ITEM_DONT_KNOW]!;
			const unanswered = counts[i * 4 + ITEM_UNANSWERED]!;
			const asked = answered + dontKnow + unanswered;
			const column = layout.itemColumns[i]!;
			return {
				item,
				asked,
				answered,
				dontKnow,
				unanswered,
				missing: wilsonInterval(dontKnow + unanswered, asked),
				conditional: column >= 0 && block.conditional[column] === true
			};
		});
		return { waveId: wave.id, alpha: cronbachAlphaOfColumns(columns, incomplete), responses, scored, items };
	});
}
