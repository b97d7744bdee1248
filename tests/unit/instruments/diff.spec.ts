import { describe, expect, it } from 'vitest';
import { diffInstruments, diffValues, listDelta } from '$lib/instruments/diff';
import type { Instrument } from '$lib/instruments/types';
import { scoringFixture } from '../../fixtures/instruments/scoring-fixture';

function edited(change: (instrument: Instrument) => void): Instrument {
	const copy = structuredClone(scoringFixture);
	copy.version = '1.1.0';
	change(copy);
	return copy;
}

describe('diffInstruments', () => {
	it('finds nothing between a version and itself but the version string', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited(() => {})
		);
		expect(diff.identical).toBe(true);
		expect(diff.items).toEqual([]);
	});

	it('reports a changed prompt per language and a changed relevance as fields of one item', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited((i) => {
				const a1 = i.items.find((x) => x.key === 'a1')!;
				a1.prompt.en = 'A clearer question';
				a1.relevance = '${a2} >= 2';
			})
		);
		expect(diff.identical).toBe(false);
		expect(diff.items).toEqual([
			{
				key: 'a1',
				kind: 'changed',
				changes: [
					{ path: ['prompt', 'en'], before: 'Question a1', after: 'A clearer question' },
					{ path: ['relevance'], before: undefined, after: '${a2} >= 2' }
				]
			}
		]);
	});

	it('reports added and removed items, and a changed order only among the items both versions have', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited((i) => {
				i.items = i.items.filter((x) => x.key !== 'a2');
				i.items.push({ key: 'new_item', type: 'text', prompt: { 'zh-Hans': '新', en: 'New' }, required: false, reverse: false });
			})
		);
		expect(diff.items).toEqual([
			{ key: 'new_item', kind: 'added', changes: [] },
			{ key: 'a2', kind: 'removed', changes: [] }
		]);
		expect(diff.itemOrderChanged).toBe(false);

		const swapped = diffInstruments(
			scoringFixture,
			edited((i) => {
				const [first, second, ...rest] = i.items;
				i.items = [second!, first!, ...rest];
			})
		);
		expect(swapped.itemOrderChanged).toBe(true);
		expect(swapped.items).toEqual([]);
	});

	it('matches response options by code: a relabelled option, an added one and a removed one', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited((i) => {
				const agree = i.responseScales.find((s) => s.key === 'agree5')!;
				agree.options[0]!.label.en = 'Totally disagree';
				agree.options = agree.options.filter((o) => o.code !== 9);
				agree.options.push({ code: 8, label: { 'zh-Hans': '拒答', en: 'Refused' }, missing: true });
			})
		);
		expect(diff.responseScales).toHaveLength(1);
		const [scale] = diff.responseScales;
		expect(scale!.key).toBe('agree5');
		expect(scale!.changes.map((c) => c.path)).toEqual([
			['options', '1', 'label', 'en'],
			['options', '8'],
			['options', '9']
		]);
		expect(scale!.changes[1]!.before).toBeUndefined();
		expect(scale!.changes[2]!.after).toBeUndefined();
	});

	it('reports scale items, method, reverse, minimum answered and bands', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited((i) => {
				const who5 = i.scales.find((s) => s.key === 'who5')!;
				who5.items = who5.items.slice(1);
				who5.method = 'mean';
				who5.minAnswered = 0.6;
				who5.bands[0]!.max = 14;
			})
		);
		const changes = diff.scales.find((s) => s.key === 'who5')!.changes;
		const paths = changes.map((c) => c.path.join('.'));
		expect(paths).toContain('items');
		expect(paths).toContain('method');
		expect(paths).toContain('minAnswered');
		expect(paths.some((p) => p.startsWith('bands.') && p.endsWith('.max'))).toBe(true);
		const items = changes.find((c) => c.path[0] === 'items')!;
		expect(listDelta(items.before, items.after)).toEqual({
			added: [],
			removed: [scoringFixture.scales.find((s) => s.key === 'who5')!.items[0]]
		});
	});

	it('reports title and metadata changes as general fields', () => {
		const diff = diffInstruments(
			scoringFixture,
			edited((i) => {
				i.title['zh-Hans'] = '新标题';
				i.metadata.licence = 'CC0-1.0';
			})
		);
		expect(diff.general).toEqual([
			{ path: ['title', 'zh-Hans'], before: '计分测试', after: '新标题' },
			{ path: ['metadata', 'licence'], before: 'CC-BY-4.0', after: 'CC0-1.0' }
		]);
	});
});

describe('diffValues', () => {
	it('compares unkeyed arrays whole and nested objects leaf by leaf', () => {
		expect(diffValues({ a: [1, 2], b: { c: 1 } }, { a: [2, 1], b: { c: 2 } })).toEqual([
			{ path: ['a'], before: [1, 2], after: [2, 1] },
			{ path: ['b', 'c'], before: 1, after: 2 }
		]);
	});
});
