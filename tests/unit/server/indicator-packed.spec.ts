import { describe, expect, it } from 'vitest';
import { KeyIndex, parseDecimal, parseTables, parseWave } from '$lib/server/indicator-packed';
import { BlockBuilder } from '$lib/stats/indicators/builder';
import { buildCatalog, type CatalogVersion } from '$lib/stats/indicators/catalog';
import { ITEM_ANSWERED, ITEM_DONT_KNOW, ITEM_UNANSWERED } from '$lib/stats/indicators/dataset';
import { loadInstruments } from '../../fixtures/load-instruments';

describe('parseDecimal', () => {
	it.each(['4.0', '0', '-1', '3.4615384615384617', '84.0', '0.000001', '1.0e+20', '12345678901234567', '-0.5'])(
		'reads %s as Number does',
		(text) => {
			expect(parseDecimal(` ${text} `, 1, text.length + 1)).toBe(Number(text));
		}
	);

	it('reads an empty number as NaN', () => {
		expect(parseDecimal('a=', 2, 2)).toBeNaN();
	});
});

describe('KeyIndex', () => {
	it('finds keys between offsets without a substring, and nothing else', () => {
		const index = new KeyIndex(['bscs_1', 'bscs_10', 'who5_1']);
		const text = 'x bscs_10=4 bscs_1=2 bscs_2=1';
		const hash = (start: number, end: number) => {
			let h = 0x811c9dc5;
			for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
			return h;
		};
		expect(index.find(text, 2, 9, hash(2, 9))).toBe(1);
		expect(index.find(text, 12, 18, hash(12, 18))).toBe(0);
		expect(index.find(text, 21, 27, hash(21, 27))).toBe(-1);
	});
});

describe('parseWave', () => {
	const library = loadInstruments().filter((i) => i.key === 'community-identity' || i.key === 'demographics');
	const versions: CatalogVersion[] = library.map((instrument, i) => ({ id: `v${i}`, createdAt: '2026-01-01', instrument }));
	const catalog = buildCatalog(
		[{ id: 'w', name: 'Baseline', kind: 'baseline', order: 1 }],
		[{ id: 's', name: 'East', arm: 'project', region: null, targetPerWave: 5 }],
		versions
	);
	const identity = versions.findIndex((v) => v.instrument.key === 'community-identity');
	const respondents = { ids: new KeyIndex(['r1', 'r2', 'rw']), person: Int32Array.from([0, 1, -1]) };

	function parse(text: string) {
		const isLater = (previous: number, next: number) => text.slice(previous, previous + 24) <= text.slice(next, next + 24);
		const builders = catalog.blocks.map((shape) => new BlockBuilder(shape, 2, 1, isLater));
		parseWave(text, 0, parseTables(catalog), respondents, builders);
		return builders[catalog.versions[identity]!.block]!.finish();
	}

	const scaleColumn = (block: ReturnType<typeof parse>, key: string) => block.scales.findIndex((i) => catalog.scales[i]!.key === key);
	const column = (block: ReturnType<typeof parse>, item: string) => block.items.indexOf(item);

	it('reads scores, answers, "don\'t know" codes and unanswered items of each response', () => {
		const block = parse(
			`0 ${identity} 2026-03-01T00:00:00.000Z r1 sense_of_community,3.5, belonging,4.2, bscs_1=4.0 bscs_2=9.0 bel_guest=2.0 not_an_item=3.0;` +
				`0 ${identity} 2026-03-01T00:00:00.000Z r2  bscs_1=5.0`
		);
		expect(block.rows).toBe(2);
		expect([...block.person]).toEqual([0, 1]);
		const width = block.items.length;
		const sense = scaleColumn(block, 'sense_of_community');
		expect(block.scores[sense]).toBe(3.5);
		expect(block.scores[scaleColumn(block, 'belonging')]).toBe(4.2);
		expect(block.scores[block.scales.length + sense]).toBeNaN();
		expect(block.values[column(block, 'bscs_1')]).toBe(4);
		expect(block.states[column(block, 'bscs_1')]).toBe(ITEM_ANSWERED);
		expect(block.states[column(block, 'bscs_2')]).toBe(ITEM_DONT_KNOW);
		expect(block.values[column(block, 'bscs_2')]).toBeNaN();
		expect(block.states[column(block, 'bscs_3')]).toBe(ITEM_UNANSWERED);
		expect(block.values[width + column(block, 'bscs_1')]).toBe(5);
	});

	it('keeps the later-received response of a person in a wave and skips withdrawn respondents', () => {
		const block = parse(
			`0 ${identity} 2026-03-02T00:00:00.000Z r1 sense_of_community,4.0, bscs_1=2.0;` +
				`0 ${identity} 2026-03-01T00:00:00.000Z r1 sense_of_community,3.0, bscs_1=3.0;` +
				`0 ${identity} 2026-03-03T00:00:00.000Z rw sense_of_community,1.0, bscs_1=1.0`
		);
		expect(block.rows).toBe(1);
		expect(block.scores[scaleColumn(block, 'sense_of_community')]).toBe(4);
		expect(block.values[column(block, 'bscs_1')]).toBe(2);
	});

	it('replaces an earlier response read first by a later one, clearing what the earlier one had', () => {
		const block = parse(
			`0 ${identity} 2026-03-01T00:00:00.000Z r1 sense_of_community,3.0, belonging,2.0, bscs_1=3.0;` +
				`0 ${identity} 2026-03-02T00:00:00.000Z r1 sense_of_community,4.0,  bscs_2=5.0`
		);
		expect(block.rows).toBe(1);
		expect(block.scores[scaleColumn(block, 'sense_of_community')]).toBe(4);
		expect(block.scores[scaleColumn(block, 'belonging')]).toBeNaN();
		expect(block.states[column(block, 'bscs_1')]).toBe(ITEM_UNANSWERED);
		expect(block.values[column(block, 'bscs_2')]).toBe(5);
	});
});
