import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadInstrumentDirectory, loadInstrumentText } from '$lib/server/instrument-files';

const FIXTURES = 'tests/fixtures/instruments';
const BROKEN = `${FIXTURES}/broken`;
const VALID = `${FIXTURES}/valid-minimal.yaml`;
const validText = readFileSync(VALID, 'utf8');

/** Loads a broken fixture exactly as the server would, with asset checks against `static/`. */
function loadBroken(name: string) {
	const file = `${BROKEN}/${name}`;
	return loadInstrumentText(file, readFileSync(file, 'utf8'), 'static');
}

/** The full error lines of a fixture: `<file>:<line>: <path>: <message>`. */
function fullLines(name: string, lines: string[]): string[] {
	return lines.map((line) => `${BROKEN}/${name}:${line}`);
}

function loadValid(text = validText, file = VALID) {
	const { loaded, errors } = loadInstrumentText(file, text, 'static');
	expect(errors).toEqual([]);
	if (!loaded) throw new Error('valid-minimal.yaml did not load');
	return loaded;
}

/**
 * One file per defect. Each line number was checked by hand against the fixture: it is the line
 * of the offending field, or of the enclosing entry when the field is missing (line 1 for a
 * missing top-level field).
 */
const broken: [file: string, lines: string[]][] = [
	[
		'yaml-bad-indentation.yaml',
		[
			'18: YAML: Sequence item without - indicator',
			'18: YAML: Nested mappings are not allowed in compact mappings',
			'18: YAML: Implicit keys need to be on a single line'
		]
	],
	['yaml-duplicate-key.yaml', ['24: YAML: Map keys must be unique']],
	['missing-key.yaml', ['1: key: is required']],
	['missing-version.yaml', ['1: version: is required']],
	['missing-items.yaml', ['1: items: is required']],
	['unknown-field.yaml', ["24: items[1].revrse: unknown field 'revrse'"]],
	['bad-key-format.yaml', ['2: key: must be lowercase letters, digits, _ and - starting with a letter']],
	['bad-version-format.yaml', ["3: version: must look like '1', '1.2' or '1.2.3'"]],
	['undefined-response-scale.yaml', ["23: items[1].scale: response scale 'agree5' is not defined"]],
	['choice-without-scale.yaml', ['21: items[1].scale: a likert item needs a response scale']],
	['text-with-scale.yaml', ['28: items[2].scale: a text item has no response scale']],
	['undefined-section.yaml', ["19: items[0].section: section 'intro' is not defined"]],
	['duplicate-item-key.yaml', ["26: items[2].key: item 'q2' is defined twice"]],
	['duplicate-option-code.yaml', ["13: responseScales[0].options[2].code: code 2 is used twice in response scale 'agree3'"]],
	['only-missing-codes.yaml', ['15: responseScales[1].options: needs at least one option that is not a missing code']],
	['missing-language-text.yaml', ["24: items[1].prompt: missing the 'en' text"]],
	['undeclared-language-text.yaml', ["24: items[1].prompt.fr: language 'fr' is not in the instrument's languages"]],
	['relevance-parse-error.yaml', ["24: items[1].relevance: column 11: expected ')' but found end of expression"]],
	['relevance-unknown-item.yaml', ["24: items[1].relevance: column 1: unknown item 'q9'"]],
	['constraint-type-mismatch.yaml', ['28: items[2].constraint: column 7: cannot compare number with string']],
	['scale-undefined-item.yaml', ["29: scales[0].items[2]: item 'q3' is not defined"]],
	['scale-reverse-not-in-scale.yaml', ["36: scales[0].reverse[0]: reverse item 'q3' is not one of the scale's items"]],
	['reverse-text-item.yaml', ['28: items[2].reverse: a text item cannot be reverse-coded']],
	['reverse-number-without-bounds.yaml', ['28: items[2].reverse: a reverse-coded number item needs min and max']],
	['min-above-max.yaml', ['28: items[2].min: min 10 is above max 5']],
	['min-answered-above-one.yaml', ['31: scales[0].minAnswered: is a share: at most 1']],
	[
		'overlapping-bands.yaml',
		[
			"33: scales[0].bands[1].min: band 'high' overlaps band 'low'; bands must be ascending (use minExclusive or maxExclusive on a shared bound)"
		]
	],
	['band-open-above-not-last.yaml', ['32: scales[0].bands[0].max: only the last band may be open above']],
	['info-required.yaml', ['28: items[2].required: an info item cannot be required']],
	['unknown-icon.yaml', ["11: responseScales[0].options[0].icon: icon 'face-9' not found (static/icons/face-9.svg)"]]
];

/** Fixtures with their own tests below: regressions of bugs found and fixed. */
const knownBugs = ['yaml-unclosed-quote.yaml', 'version-as-list.yaml', 'required-as-string.yaml', 'relevance-later-item.yaml'];

describe('loadInstrumentText on broken files', () => {
	it.each(broken)('%s', (name, lines) => {
		const { loaded, errors } = loadBroken(name);
		expect(errors).toEqual(fullLines(name, lines));
		expect(loaded).toBeUndefined();
	});

	it('has an expectation for every file of the broken corpus', () => {
		const files = readdirSync(BROKEN)
			.filter((f) => f.endsWith('.yaml'))
			.sort();
		expect(files.length).toBeGreaterThanOrEqual(25);
		expect([...broken.map(([name]) => name), ...knownBugs].sort()).toEqual(files);
	});

	// Regression (src/lib/server/instrument-files.ts): the yaml library reports an unclosed quote where the
	// scalar ends, i.e. at the end of the file (line 31), not at the opening quote on line 19.
	it('yaml-unclosed-quote.yaml', () => {
		const name = 'yaml-unclosed-quote.yaml';
		expect(loadBroken(name).errors).toEqual(
			fullLines(name, [
				'19: YAML: Missing closing "quote',
				'19: YAML: Flow map in block collection must be sufficiently indented and end with a }'
			])
		);
	});

	// Regression (src/lib/instruments/validate.ts): zod 4 leaves `input` off its issues unless
	// safeParse gets `{ reportInput: true }`, so every wrong type reads "is required".
	it('version-as-list.yaml', () => {
		const name = 'version-as-list.yaml';
		expect(loadBroken(name).errors).toEqual(fullLines(name, ['3: version: must be a string, not a list']));
	});

	// Regression: same cause as version-as-list.yaml.
	it('required-as-string.yaml', () => {
		const name = 'required-as-string.yaml';
		expect(loadBroken(name).errors).toEqual(fullLines(name, ['24: items[1].required: must be a boolean, not string "yes"']));
	});

	// Regression (src/lib/instruments/validate.ts): item types are collected while walking the items, so a
	// later item is not yet known and the "asked before" hint is only ever given for self-references.
	it('relevance-later-item.yaml', () => {
		const name = 'relevance-later-item.yaml';
		expect(loadBroken(name).errors).toEqual(
			fullLines(name, ["19: items[0].relevance: column 1: unknown item 'q2' (an item may only refer to items asked before it)"])
		);
	});
});

describe('loadInstrumentText on valid-minimal.yaml', () => {
	const { instrument, file } = loadValid();
	const item = (key: string) => instrument.items.find((i) => i.key === key);

	it('loads under the path it was given', () => {
		expect(file).toBe(VALID);
		expect(instrument.key).toBe('valid-minimal');
		expect(instrument.version).toBe('1.0.0');
		expect(instrument.languages).toEqual(['zh-Hans', 'en']);
		expect(instrument.items.map((i) => i.key)).toEqual(['welcome', 'age', 'happy', 'lonely', 'worried', 'comment']);
	});

	it('fills in item defaults and keeps what the file says', () => {
		expect(item('welcome')).toEqual({
			key: 'welcome',
			type: 'info',
			section: 'main',
			prompt: { 'zh-Hans': '欢迎参加', en: 'Welcome' },
			required: false,
			reverse: false
		});
		expect(item('age')).toEqual({
			key: 'age',
			type: 'number',
			section: 'main',
			required: true,
			reverse: false,
			min: 16,
			max: 110,
			integer: true,
			constraint: '${age} >= 18',
			constraintMessage: { 'zh-Hans': '需要年满十八岁', en: 'You must be 18 or older' },
			prompt: { 'zh-Hans': '您多大年纪？', en: 'How old are you?' }
		});
		expect(item('lonely')).toMatchObject({ required: false, reverse: true, relevance: '${age} >= 18 and answered(${happy})' });
		expect(item('worried')).toMatchObject({ required: false, reverse: false });
	});

	it('keeps the missing code of the response scale', () => {
		expect(instrument.responseScales).toHaveLength(1);
		expect(instrument.responseScales[0]?.options.map((o) => [o.code, o.missing ?? false])).toEqual([
			[1, false],
			[2, false],
			[3, false],
			[9, true]
		]);
	});

	it('fills in scale and band defaults', () => {
		expect(instrument.scales).toEqual([
			{
				key: 'wellbeing',
				label: { 'zh-Hans': '身心状态', en: 'Well-being' },
				items: ['happy', 'lonely', 'worried'],
				method: 'mean',
				reverse: ['worried'],
				minAnswered: 0.8,
				higherIsBetter: true,
				bands: [
					{ key: 'low', label: { 'zh-Hans': '较低', en: 'Low' }, max: 2, minExclusive: false, maxExclusive: true },
					{ key: 'high', label: { 'zh-Hans': '较高', en: 'High' }, min: 2, minExclusive: false, maxExclusive: false }
				]
			},
			{
				key: 'happiness',
				label: { 'zh-Hans': '开心', en: 'Happiness' },
				items: ['happy'],
				method: 'sum',
				reverse: [],
				minAnswered: 0.8,
				transform: { multiply: 4, add: 0 },
				higherIsBetter: true,
				bands: []
			}
		]);
	});

	it('fills in metadata and section defaults', () => {
		expect(instrument.metadata).toEqual({ construct: 'test construct', licence: 'CC-BY-4.0', follows: [] });
		expect(instrument.sections).toEqual([{ key: 'main', title: { 'zh-Hans': '主要问题', en: 'Main questions' } }]);
	});
});

describe('content hash', () => {
	const { hash } = loadValid();

	/** Rebuilds every map with its keys in reverse order. */
	const reverseKeys = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(reverseKeys);
		if (!value || typeof value !== 'object') return value;
		return Object.fromEntries(
			Object.entries(value)
				.reverse()
				.map(([k, v]) => [k, reverseKeys(v)])
		);
	};

	it('is a SHA-256 hex digest, the same for the same content', () => {
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(loadValid().hash).toBe(hash);
		expect(loadValid(validText, 'elsewhere/copy.yaml').hash).toBe(hash);
	});

	it('does not change with YAML formatting', () => {
		const block = stringify(parse(validText), { indent: 4, collectionStyle: 'block' });
		expect(block).not.toBe(validText);
		expect(loadValid(block).hash).toBe(hash);
		const flow = stringify(parse(validText), { collectionStyle: 'flow' });
		expect(loadValid(flow).hash).toBe(hash);
	});

	it('does not change with key order', () => {
		const reordered = stringify(reverseKeys(parse(validText)));
		expect(reordered.indexOf('scales:')).toBeLessThan(reordered.indexOf('key: valid-minimal'));
		expect(loadValid(reordered).hash).toBe(hash);
	});

	it('does not change with comments', () => {
		const commented = `# a new header comment\n${validText}`
			.replace(/^items:$/m, '# the questions\nitems: # in the order they are asked')
			.replace('type: likert', 'type: likert # agreement');
		expect(commented).not.toBe(validText);
		expect(loadValid(commented).hash).toBe(hash);
	});

	it('changes when a label changes', () => {
		const edited = validText.replace('en: Agree }', 'en: Agree! }');
		expect(edited).not.toBe(validText);
		expect(loadValid(edited).hash).not.toBe(hash);
	});
});

describe('the instrument library', () => {
	it('loads every file in instruments/ without errors', () => {
		const { instruments, errors } = loadInstrumentDirectory('instruments', 'static');
		expect(errors).toEqual([]);
		const files = readdirSync('instruments').filter((f) => /\.ya?ml$/.test(f));
		expect(instruments.map((i) => i.file).sort()).toEqual(files.map((f) => `instruments/${f}`).sort());
	});
});

describe('a file with errors of both kinds', () => {
	it('reports the structural and the cross-field errors in one run, in line order', () => {
		const lines = validText.split('\n');
		const methodLine = lines.findIndex((l) => l.includes('method: mean')) + 1;
		const scaleLine = lines.findIndex((l) => l.includes('scale: agree3')) + 1;
		const text = validText.replace('method: mean', 'method: median').replace('scale: agree3', 'scale: agree9');
		const { errors } = loadInstrumentText('two-defects.yaml', text, 'static');
		expect(errors).toEqual([
			`two-defects.yaml:${scaleLine}: items[2].scale: response scale 'agree9' is not defined`,
			`two-defects.yaml:${methodLine}: scales[0].method: must be one of 'mean', 'sum'`
		]);
	});
});
