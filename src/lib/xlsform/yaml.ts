/**
 * An instrument as YAML in the shape of the files in `instruments/`: fields in the same order,
 * defaults left out, short lists and response options on one line, expressions in double quotes,
 * a blank line between top-level blocks and between items, long texts never folded.
 */
import { Document, isMap, isPair, isScalar, isSeq, Scalar, visit, type Node } from 'yaml';
import type { Band, Instrument, Item, ResponseOption, Scale } from '../instruments/types';

function ordered<T extends object>(value: T, order: (keyof T)[], skip: (field: keyof T, v: unknown) => boolean = () => false): Partial<T> {
	const out: Partial<T> = {};
	for (const field of order) {
		const v = value[field];
		if (v !== undefined && !skip(field, v)) out[field] = v;
	}
	return out;
}

const ITEM_ORDER: (keyof Item)[] = [
	'key',
	'type',
	'section',
	'scale',
	'required',
	'relevance',
	'constraint',
	'constraintMessage',
	'reverse',
	'min',
	'max',
	'integer',
	'minDate',
	'maxDate',
	'maxLength',
	'audio',
	'prompt',
	'hint'
];
const SCALE_ORDER: (keyof Scale)[] = [
	'key',
	'label',
	'description',
	'items',
	'method',
	'reverse',
	'minAnswered',
	'transform',
	'higherIsBetter',
	'bands'
];
const BAND_ORDER: (keyof Band)[] = ['key', 'label', 'min', 'minExclusive', 'max', 'maxExclusive'];
const OPTION_ORDER: (keyof ResponseOption)[] = ['code', 'label', 'icon', 'missing'];

const isFalse = (_: unknown, v: unknown) => v === false;
const isEmptyList = (_: unknown, v: unknown) => Array.isArray(v) && v.length === 0;

/** Plain data in file order, defaults left out. */
function fileShape(instrument: Instrument): Record<string, unknown> {
	return {
		key: instrument.key,
		version: instrument.version,
		languages: instrument.languages,
		title: instrument.title,
		...(instrument.intro && { intro: instrument.intro }),
		metadata: ordered(instrument.metadata, ['construct', 'licence', 'follows', 'authors', 'notes']),
		...(instrument.sections.length > 0 && { sections: instrument.sections.map((s) => ordered(s, ['key', 'title', 'intro'])) }),
		responseScales: instrument.responseScales.map((rs) => ({ key: rs.key, options: rs.options.map((o) => ordered(o, OPTION_ORDER)) })),
		items: instrument.items.map((item) =>
			ordered(item, ITEM_ORDER, (field, v) => (field === 'required' || field === 'reverse') && v === false)
		),
		...(instrument.scales.length > 0 && {
			scales: instrument.scales.map((scale) => ({
				...ordered(scale, SCALE_ORDER, (field, v) => (field === 'reverse' || field === 'bands') && isEmptyList(field, v)),
				...(scale.bands.length > 0 && { bands: scale.bands.map((b) => ordered(b, BAND_ORDER, isFalse)) })
			}))
		})
	};
}

const FLOW_FIELDS = new Set(['languages', 'items', 'reverse', 'transform', 'audio']);
const EXPRESSION_FIELDS = new Set(['relevance', 'constraint']);
const SPACED_LISTS = new Set(['responseScales', 'items', 'scales']);

/** The instrument as the text of an `instruments/*.yaml` file. */
export function instrumentToYaml(instrument: Instrument): string {
	const doc = new Document(fileShape(instrument));
	const top = doc.contents;
	if (isMap(top)) {
		top.items.forEach((pair, i) => {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			if (i > 0 && !['version', 'languages'].includes(key)) (pair.key as Node).spaceBefore = true;
			if (SPACED_LISTS.has(key) && isSeq(pair.value)) pair.value.items.forEach((entry, j) => j > 0 && ((entry as Node).spaceBefore = true));
		});
	}
	visit(doc, {
		Pair(_, pair, path) {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			const parent = path[path.length - 1];
			const inOption = path.some((p) => isPair(p) && isScalar(p.key) && p.key.value === 'options');
			const inBand = path.some((p) => isPair(p) && isScalar(p.key) && p.key.value === 'bands');
			if ((isSeq(pair.value) || isMap(pair.value)) && FLOW_FIELDS.has(key) && !(key === 'items' && parent === top)) pair.value.flow = true;
			if (key === 'label' && inBand && isMap(pair.value)) pair.value.flow = true;
			if (inOption && isMap(pair.value)) pair.value.flow = true;
			if (EXPRESSION_FIELDS.has(key) && isScalar(pair.value)) pair.value.type = Scalar.QUOTE_DOUBLE;
		},
		Seq(_, seq, path) {
			const parent = path[path.length - 1];
			if (isPair(parent) && isScalar(parent.key) && parent.key.value === 'options') seq.items.forEach((o) => isMap(o) && (o.flow = true));
		}
	});
	// The library pads flow maps (`{ code: 1 }`) but not lists of keys (`[zh-Hans, en]`); yaml pads both.
	return doc
		.toString({ lineWidth: 0, flowCollectionPadding: true })
		.replace(/^(\s*(?:- )?(?:languages|items|reverse): )\[ (.*) \]$/gm, '$1[$2]');
}
