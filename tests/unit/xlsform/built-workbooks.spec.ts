/**
 * XLSForm workbooks built here with exceljs: every construct Anju refuses or reports, malformed
 * sheets, numeric cells, and a complete two-language form.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsformToInstrument } from '$lib/xlsform/import';
import { readWorkbook, WorkbookError } from '$lib/xlsform/workbook';
import { householdSheets } from '../../fixtures/kobo/household-form';
import { errors, importBuilt, sheet, warnings } from './helpers';

const HEADER = ['type', 'name', 'label'];
const survey = (...rows: string[][]) => sheet('survey', [HEADER, ...rows]);
const choices = (...rows: string[][]) => sheet('choices', [['list_name', 'name', 'label'], ...rows]);
const settings = sheet('settings', [['default_language'], ['en']]);
const COLOURS = [
	['colours', 'red', 'Red'],
	['colours', 'blue', 'Blue']
];

describe('constructs Anju does not support', () => {
	it.each([
		[
			'a repeat',
			[survey(['begin_repeat', 'member', 'Member'], ['text', 'member_name', 'Name'], ['end_repeat'])],
			["survey row 2: repeat 'member' is not supported: Anju asks each question once per response"]
		],
		[
			'a calculate with a function Anju lacks',
			[
				sheet('survey', [
					['type', 'name', 'label', 'calculation'],
					['text', 'first', 'First'],
					['calculate', 'greeting', '', "concat('Hello ', ${first})"]
				])
			],
			["survey row 3: calculation of 'greeting': function 'concat()' is not in Anju's expression language"]
		],
		[
			'a calculate without a calculation',
			[survey(['text', 'first', 'First'], ['calculate', 'greeting', ''])],
			["survey row 3: calculate 'greeting' has no calculation"]
		],
		[
			'a choice_filter',
			[
				sheet('survey', [
					['type', 'name', 'label', 'choice_filter'],
					['select_one colours', 'colour', 'Colour', "name != 'red'"]
				]),
				choices(...COLOURS)
			],
			["survey row 2: choice_filter of 'colour' is not supported: Anju shows every choice of a list"]
		],
		[
			'an unknown type',
			[survey(['wibble', 'w', 'W'])],
			["survey row 2: type 'wibble' of 'w' is not supported: this type is unknown to Anju"]
		],
		[
			'or_other',
			[survey(['select_one colours or_other', 'colour', 'Colour']), choices(...COLOURS)],
			[
				"survey row 2: type 'select_one colours or_other' of 'colour' is not supported: 'or_other' is not supported; add an 'other' choice and a text question that follows it"
			]
		],
		[
			'choices from a file',
			[survey(['select_one_from_file villages.csv', 'village', 'Village'])],
			["survey row 2: type 'select_one_from_file villages.csv' of 'village' is not supported: Anju has no choice lists from files"]
		],
		[
			'a signature',
			[survey(['image', 'signature', 'Sign here'])],
			["survey row 2: type 'image' of 'signature' is not supported: Anju has no photos"]
		]
	])('refuses %s', async (_, sheets, expected) => {
		const result = await importBuilt([...sheets, settings]);
		expect(result.instrument).toBeUndefined();
		expect(errors(result)).toEqual(expected);
	});

	it('writes a translatable calculate into the expressions that use it, and reports it', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label', 'calculation', 'relevant'],
				['integer', 'age', 'Age'],
				['calculate', 'adult', '', '${age} >= 18'],
				['calculate', 'sum', '', '${age} + 1'],
				['text', 'job', 'Job', '', '${adult}']
			]),
			settings
		]);
		expect(errors(result)).toEqual(["survey row 4: calculation of 'sum': column 8: arithmetic ('+') is not in Anju's expression language"]);
		const ok = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label', 'calculation', 'relevant'],
				['integer', 'age', 'Age'],
				['calculate', 'adult', '', '${age} >= 18'],
				['text', 'job', 'Job', '', '${adult} and ${age} < 70']
			]),
			settings
		]);
		expect(warnings(ok)).toEqual([
			"survey row 3: calculate 'adult' has no answer in Anju; its calculation is written into the expressions that use it"
		]);
		expect(ok.instrument?.items[1]?.relevance).toBe('${age} >= 18 and ${age} < 70');
	});

	it('reports media columns and still imports the texts', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label::English (en)', 'image::English (en)', 'media::audio::English (en)', 'video'],
				['text', 'q', 'Question', 'q.png', 'q.mp3', '']
			]),
			sheet('choices', [['list_name', 'name', 'label', 'image']]),
			settings
		]);
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"survey: column 'image::English (en)' is left out (media files are not imported): row 2",
			"survey: column 'media::audio::English (en)' is left out (media files are not imported): row 2"
		]);
		expect(result.instrument?.items[0]?.prompt).toEqual({ en: 'Question' });
	});

	it('reports a conditional required, defaults and read-only flags', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label', 'required', 'default', 'read_only'],
				['integer', 'a', 'A', 'yes', '3', ''],
				['integer', 'b', 'B', '${a} > 2', '', 'yes']
			]),
			settings
		]);
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"survey: column 'default' is left out (Anju has no default answers): row 2",
			"survey: column 'read_only' is left out (Anju has no read-only questions): row 3",
			"survey row 3: required of 'b' is the condition '${a} > 2'; Anju's required is yes or no, so the question is not required"
		]);
		expect(result.instrument?.items.map((i) => i.required)).toEqual([true, false]);
	});
});

describe('malformed workbooks', () => {
	it.each([
		['no survey sheet', [choices(...COLOURS)], ["workbook: the workbook has no 'survey' sheet (its sheets: 'choices', 'settings')"]],
		[
			'no type column',
			[
				sheet('survey', [
					['name', 'label'],
					['a', 'A']
				])
			],
			["survey row 1: the survey sheet has no 'type' column"]
		],
		[
			'no name column',
			[
				sheet('Survey', [
					['TYPE', 'label'],
					['text', 'A']
				])
			],
			["Survey row 1: the survey sheet has no 'name' column"]
		],
		['a repeated name', [survey(['text', 'a', 'A'], ['integer', 'a', 'A again'])], ["survey row 3: name 'a' is already used on row 2"]],
		[
			'names that become the same key',
			[survey(['text', 'hh-size', 'A'], ['integer', 'hh_size', 'B'])],
			["survey row 3: name 'hh_size' becomes the key 'hh_size', as 'hh-size' on row 2 does"]
		],
		[
			'end_group without begin_group',
			[survey(['text', 'a', 'A'], ['end_group'])],
			['survey row 3: end_group without a matching begin_group']
		],
		[
			'a group left open',
			[survey(['begin_group', 'g', 'G'], ['text', 'a', 'A'])],
			["survey row 2: begin_group 'g' is never closed with end_group"]
		],
		[
			'end_repeat closing a group',
			[survey(['begin group', 'g', 'G'], ['text', 'a', 'A'], ['end repeat'])],
			["survey row 4: end repeat closes the group 'g' opened on row 2"]
		],
		['a question without a name', [survey(['text', '', 'A'])], ["survey row 2: a 'text' row needs a name"]],
		['a name without a type', [survey(['', 'a', 'A'])], ["survey row 2: 'a' has no type"]],
		['a question without a label', [survey(['text', 'a', ''])], ["survey row 2: 'a' has no label"]],
		[
			'a missing choice list',
			[survey(['select_one colours', 'c', 'C'])],
			["survey row 2: choice list 'colours' is not on the choices sheet"]
		],
		[
			'a choice twice in a list',
			[survey(['select_one colours', 'c', 'C']), choices(...COLOURS, ['colours', 'red', 'Crimson'])],
			["choices row 4: choice 'red' is already in list 'colours' (row 2)"]
		],
		[
			'two names for one code',
			[survey(['select_one n', 'c', 'C']), choices(['n', '1', 'One'], ['n', '1.0', 'One again'])],
			["choices row 3: choices '1' (row 2) and '1.0' of list 'n' are both code 1"]
		],
		[
			'a choices sheet without names',
			[
				survey(['select_one colours', 'c', 'C']),
				sheet('choices', [
					['list_name', 'label'],
					['colours', 'Red']
				])
			],
			["survey row 2: choice list 'colours' is not on the choices sheet", "choices row 1: the choices sheet needs a 'name' column"]
		],
		[
			'an unreadable language',
			[
				sheet('survey', [
					['type', 'name', 'label::Klingon'],
					['text', 'a', 'A']
				])
			],
			[
				"survey: column 'label::Klingon': cannot tell which language 'Klingon' is; write it like 'label::Klingon (xx)' with its language code"
			]
		],
		[
			'a reference to a later question',
			[
				sheet('survey', [
					['type', 'name', 'label', 'relevant'],
					['text', 'a', 'A', "${b} != ''"],
					['text', 'b', 'B']
				])
			],
			["survey row 2: items[0].relevance: column 10: unknown item 'b' (an item may only refer to items asked before it)"]
		],
		[
			'a reference to nothing',
			[
				sheet('survey', [
					['type', 'name', 'label', 'relevant'],
					['text', 'a', 'A', '${nope} = 1']
				])
			],
			['survey row 2: relevant: refers to ${nope}, which is not a question of this form']
		],
		[
			'no label column',
			[
				sheet('survey', [
					['type', 'name'],
					['text', 'a']
				])
			],
			["survey row 1: the survey sheet has no 'label' column"]
		],
		[
			'a hint but no label',
			[
				sheet('survey', [
					['type', 'name', 'hint::English (en)'],
					['text', 'a', 'A']
				])
			],
			["survey row 2: 'a' has no label"]
		]
	])('refuses %s', async (_, sheets, expected) => {
		const result = await importBuilt([...sheets, settings]);
		expect(result.instrument).toBeUndefined();
		expect(errors(result)).toEqual(expected);
	});

	it('refuses a file that is not a workbook', async () => {
		await expect(readWorkbook(new TextEncoder().encode('type,name\ntext,a\n'))).rejects.toThrow(WorkbookError);
		await expect(readWorkbook(new TextEncoder().encode('type,name\ntext,a\n'))).rejects.toThrow(
			'the file is not an .xlsx workbook (an old .xls file must first be saved as .xlsx)'
		);
	});

	it('ignores sheets whose name starts with _ and reports other unknown sheets', async () => {
		const result = await importBuilt([survey(['text', 'a', 'A']), sheet('_notes', [['anything']]), sheet('lookup', [['x']]), settings]);
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual(["lookup: sheet 'lookup' is not read by Anju (it reads survey, choices and settings)"]);
	});
});

describe('cells and columns', () => {
	it('normalises numeric cells: 1.0 is code 1, a number label is text', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('survey').addRows([HEADER, ['select_one scores', 'score', 'Score'], ['integer', 'n', 2024]]);
		workbook.addWorksheet('choices').addRows([
			['list_name', 'name', 'label'],
			['scores', 1.0, 'One'],
			['scores', '2.0', 2.5],
			['scores', 10, 'Ten']
		]);
		workbook.addWorksheet('settings').addRows([
			['default_language', 'version'],
			['en', 3]
		]);
		const result = xlsformToInstrument(await readWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer())));
		expect(errors(result)).toEqual([]);
		expect(result.instrument?.version).toBe('3');
		expect(result.instrument?.responseScales[0]?.options).toEqual([
			{ code: 1, label: { en: 'One' } },
			{ code: 2, label: { en: '2.5' } },
			{ code: 10, label: { en: 'Ten' } }
		]);
		expect(result.instrument?.items[1]?.prompt).toEqual({ en: '2024' });
	});

	it('reads TRUE() in required and column headers in any case and spelling', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Survey').addRows([
			['Type', 'Name', 'Label:English', 'Required', 'Relevance', 'Constraint Message:English', 'CONSTRAINT'],
			['integer', 'a', 'A', { formula: 'TRUE()', result: true }, '', 'Too big', '. < 10'],
			['text', 'b', 'B', { formula: 'FALSE()' }, '${a} > 1']
		]);
		const result = xlsformToInstrument(await readWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer())));
		expect(errors(result)).toEqual([]);
		expect(result.instrument?.items).toEqual([
			{
				key: 'a',
				type: 'number',
				integer: true,
				prompt: { en: 'A' },
				required: true,
				constraint: '${a} < 10',
				constraintMessage: { en: 'Too big' },
				reverse: false
			},
			{ key: 'b', type: 'text', prompt: { en: 'B' }, required: false, relevance: '${a} > 1', reverse: false }
		]);
	});

	it('takes bounds out of constraints and range parameters', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label', 'constraint', 'parameters', 'constraint_message'],
				['decimal', 'weight', 'Weight', '. >= 0.5 and . <= 300', '', 'Between 0.5 and 300'],
				['date', 'born', 'Born', ". >= '1900-01-01' and . <= '2030-12-31'"],
				['text', 'note', 'Note', 'string-length(.) <= 140'],
				['range', 'pain', 'Pain', '', 'start=0 end=10 step=1'],
				['integer', 'kids', 'Kids', '. >= 0 and . != 13']
			]),
			settings
		]);
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"survey row 2: constraint_message of 'weight' is left out: the constraint became bounds that Anju explains itself"
		]);
		expect(
			result.instrument?.items.map(({ key, min, max, minDate, maxDate, maxLength, integer, constraint }) => ({
				key,
				min,
				max,
				minDate,
				maxDate,
				maxLength,
				integer,
				constraint
			}))
		).toEqual(
			[
				{ key: 'weight', min: 0.5, max: 300 },
				{ key: 'born', minDate: '1900-01-01', maxDate: '2030-12-31' },
				{ key: 'note', maxLength: 140 },
				{ key: 'pain', min: 0, max: 10, integer: true },
				{ key: 'kids', min: 0, integer: true, constraint: '${kids} != 13' }
			].map((expected) => ({
				min: undefined,
				max: undefined,
				minDate: undefined,
				maxDate: undefined,
				maxLength: undefined,
				integer: undefined,
				constraint: undefined,
				...expected
			}))
		);
	});

	it('pushes a group’s relevance down onto its questions and makes it a section', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label', 'relevant'],
				['select_one yn', 'works', 'Do you work?'],
				['begin_group', 'job', 'Your job', "${works} = 'yes'"],
				['text', 'employer', 'Employer', ''],
				['integer', 'hours', 'Hours', "${employer} != ''"],
				['end_group'],
				['note', 'done', 'Done']
			]),
			choices(['yn', 'yes', 'Yes'], ['yn', 'no', 'No']),
			settings
		]);
		expect(errors(result)).toEqual([]);
		expect(result.instrument?.sections).toEqual([{ key: 'job', title: { en: 'Your job' } }]);
		expect(result.instrument?.items.map((i) => [i.key, i.section, i.relevance])).toEqual([
			['works', undefined, undefined],
			['employer', 'job', '${works} = 1'],
			['hours', 'job', '${works} = 1 and answered(${employer})'],
			['done', undefined, undefined]
		]);
	});

	it('takes the language of unnamed columns from the importer when given', async () => {
		const result = await importBuilt([survey(['text', 'a', '您好'])], { fileName: 'hello.xlsx', language: 'zh-hans' });
		expect(result.issues).toEqual([]);
		expect(result.instrument).toMatchObject({
			key: 'hello',
			languages: ['zh-Hans'],
			title: { 'zh-Hans': 'hello' },
			items: [{ prompt: { 'zh-Hans': '您好' } }]
		});
	});
});

describe('a two-language form', () => {
	it('imports labels, hints, constraint messages and choices in both languages, with its logic', async () => {
		const result = await importBuilt(householdSheets(), { fileName: 'household.xlsx' });
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"choices row 2: list 'yes_no' has names that are not numbers; Anju stores the codes yes = 1, no = 2",
			"choices row 4: list 'activities' has names that are not numbers; Anju stores the codes dance = 1, festival = 2, volunteer = 3, none = 4"
		]);
		const instrument = result.instrument!;
		expect(instrument).toMatchObject({
			key: 'household',
			version: '2',
			languages: ['en', 'zh-Hans'],
			title: { en: 'Household survey', 'zh-Hans': 'Household survey' }
		});
		expect(instrument.sections).toEqual([
			{ key: 'household', title: { en: 'Your household', 'zh-Hans': '您的家庭' } },
			{ key: 'community', title: { en: 'Community life', 'zh-Hans': '社区生活' } }
		]);
		expect(instrument.responseScales.map((s) => [s.key, s.options.map((o) => [o.code, o.label.en, o.label['zh-Hans']])])).toEqual([
			[
				'yes_no',
				[
					[1, 'Yes', '是'],
					[2, 'No', '否']
				]
			],
			[
				'activities',
				[
					[1, 'Square dancing', '跳广场舞'],
					[2, 'Festival events', '过节活动'],
					[3, 'Volunteering', '志愿服务'],
					[4, 'None of these', '都没有']
				]
			],
			[
				'agree5',
				[
					[1, 'Strongly disagree', '很不同意'],
					[2, 'Disagree', '不同意'],
					[3, 'In between', '一半一半'],
					[4, 'Agree', '同意'],
					[5, 'Strongly agree', '很同意']
				]
			]
		]);
		expect(instrument.items).toEqual([
			{
				key: 'hh_size',
				type: 'number',
				section: 'household',
				required: true,
				min: 1,
				max: 20,
				integer: true,
				reverse: false,
				prompt: { en: 'How many people live in your household?', 'zh-Hans': '您家里一共住几个人？' },
				hint: { en: 'Count yourself too.', 'zh-Hans': '算上您自己。' }
			},
			{
				key: 'has_job',
				type: 'single',
				section: 'household',
				scale: 'yes_no',
				required: true,
				reverse: false,
				prompt: { en: 'Does anyone in your household have a paid job?', 'zh-Hans': '您家里有人有工作吗？' }
			},
			{
				key: 'job_kind',
				type: 'text',
				section: 'household',
				required: false,
				reverse: false,
				relevance: '${has_job} = 1',
				prompt: { en: 'What kind of work?', 'zh-Hans': '做什么工作？' }
			},
			{
				key: 'activities',
				type: 'multi',
				section: 'community',
				scale: 'activities',
				required: false,
				reverse: false,
				constraint: "not (selected(${activities}, '4') and count-selected(${activities}) > 1)",
				constraintMessage: { en: '"None" cannot go with other activities.', 'zh-Hans': '选了“都没有”就不能再选别的。' },
				prompt: { en: 'Which of these did you take part in?', 'zh-Hans': '您参加过哪些活动？' }
			},
			{
				key: 'belong',
				type: 'likert',
				section: 'community',
				scale: 'agree5',
				required: false,
				reverse: false,
				prompt: { en: 'I feel I belong in this community.', 'zh-Hans': '我觉得自己属于这个社区。' }
			},
			{
				key: 'moved_in',
				type: 'date',
				section: 'community',
				required: false,
				reverse: false,
				minDate: '2010-01-01',
				prompt: { en: 'When did you move in?', 'zh-Hans': '您是什么时候搬来的？' }
			},
			{ key: 'thanks', type: 'info', required: false, reverse: false, prompt: { en: 'Thank you.', 'zh-Hans': '谢谢！' } }
		]);
		expect(result.choiceCodes).toEqual({
			has_job: { yes: 1, no: 2 },
			activities: { dance: 1, festival: 2, volunteer: 3, none: 4 },
			belong: { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 }
		});
	});

	it('fills a text missing in one language from another, and says where', async () => {
		const result = await importBuilt([
			sheet('survey', [
				['type', 'name', 'label::English (en)', 'label::Chinese (zh-Hans)', 'hint::English (en)'],
				['text', 'a', 'Name', '姓名', 'As on the ID card'],
				['text', 'b', 'Village', '', '']
			]),
			settings
		]);
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"survey: hint has no 'zh-Hans' text in row 2; the 'en' text is used there",
			"survey: label has no 'zh-Hans' text in row 3; the 'en' text is used there"
		]);
		expect(result.instrument?.items[1]?.prompt).toEqual({ en: 'Village', 'zh-Hans': 'Village' });
	});
});
