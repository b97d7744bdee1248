/**
 * The real XLSForm workbooks of pyxform's test fixtures (shared/xlsforms/): each is imported, or
 * refused with exactly the rows and reasons Anju does not support.
 */
import { describe, expect, it } from 'vitest';
import { errors, importSharedForm, warnings } from './helpers';

describe('real XLSForm workbooks', () => {
	it('imports text_and_integer.xlsx with a text and a whole-number item', async () => {
		const result = await importSharedForm('text_and_integer.xlsx');
		expect(result.issues).toEqual([]);
		expect(result.instrument).toMatchObject({
			key: 'text_and_integer',
			version: '1.0.0',
			languages: ['en'],
			title: { en: 'text_and_integer' }
		});
		expect(result.instrument?.items).toEqual([
			{ key: 'your_name', type: 'text', prompt: { en: 'What is your name?' }, required: false, reverse: false },
			{ key: 'your_age', type: 'number', integer: true, prompt: { en: 'How many years old are you?' }, required: false, reverse: false }
		]);
	});

	it('imports yes_or_no_question.xlsx, coding the word choices 1 and 2 and saying so', async () => {
		const result = await importSharedForm('yes_or_no_question.xlsx');
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"choices row 2: list 'yes_or_no' has names that are not numbers; Anju stores the codes yes = 1, no = 2"
		]);
		expect(result.instrument?.responseScales).toEqual([
			{
				key: 'yes_or_no',
				options: [
					{ code: 1, label: { en: 'yes' } },
					{ code: 2, label: { en: 'no' } }
				]
			}
		]);
		expect(result.instrument?.items[0]).toMatchObject({ key: 'good_day', type: 'single', scale: 'yes_or_no' });
		expect(result.choiceCodes).toEqual({ good_day: { yes: 1, no: 2 } });
	});

	it('imports group.xlsx: the group becomes a section, the phone number a text item (reported)', async () => {
		const result = await importSharedForm('group.xlsx');
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"survey row 4: 'phone_number' becomes a text question; the digits-only check of 'phone number' is not kept"
		]);
		expect(result.instrument?.sections).toEqual([{ key: 'father', title: { en: 'Father' } }]);
		expect(result.instrument?.items.map((i) => [i.key, i.type, i.section])).toEqual([
			['family_name', 'text', undefined],
			['phone_number', 'text', 'father'],
			['age', 'number', 'father']
		]);
	});

	it('imports extra_columns.xlsx past its hundreds of blank rows, marking the unnamed language', async () => {
		const result = await importSharedForm('extra_columns.xlsx');
		expect(errors(result)).toEqual([]);
		expect(warnings(result)).toEqual([
			"settings: no language is named (columns like label::English (en), or default_language in settings): the texts are marked 'und' (undetermined); choose their language before adding"
		]);
		expect(result.instrument?.items).toEqual([{ key: 'a', type: 'text', prompt: { und: 'A' }, required: false, reverse: false }]);
	});

	it('refuses case_insensitivity.xlsx for its external and OpenStreetMap questions, reading the upper-case sheets', async () => {
		const result = await importSharedForm('case_insensitivity.xlsx');
		expect(result.instrument).toBeUndefined();
		expect(errors(result)).toEqual([
			"SURVEY row 3: type 'select_one_external c1' of 'q2' is not supported: Anju has no external choice lists",
			"SURVEY row 4: type 'osm c1' of 'q3' is not supported: Anju has no OpenStreetMap questions"
		]);
		expect(warnings(result)).toEqual([
			"settings row 2: form_id 'YesNo' becomes the key 'yesno' (lowercase letters, digits, _ and -)",
			"CHOICES row 2: list 'c1' has names that are not numbers; Anju stores the codes n1-c = 1, n2-c = 2",
			"EXTERNAL_CHOICES: sheet 'EXTERNAL_CHOICES' is not read by Anju (it reads survey, choices and settings)",
			"ENTITIES: sheet 'ENTITIES' is not read by Anju (it reads survey, choices and settings)",
			"OSM: sheet 'OSM' is not read by Anju (it reads survey, choices and settings)"
		]);
	});

	it('refuses xlsform_spec_test.xlsx with one line per unsupported row', async () => {
		const result = await importSharedForm('xlsform_spec_test.xlsx');
		expect(result.instrument).toBeUndefined();
		expect(errors(result)).toEqual([
			"survey row 7: relevant: function 'regex()' is not in Anju's expression language",
			"survey row 10: 'display_image_test' has no label",
			"survey row 15: repeat 'repeat_test' is not supported: Anju asks each question once per response",
			"survey row 30: type 'acknowledge' of 'acknowledge_test' is not supported: Anju has no 'acknowledge' questions",
			"survey row 32: type 'time' of 'time_test' is not supported: Anju has no times of day",
			"survey row 33: type 'datetime' of 'datetime_test' is not supported: Anju has no date-times",
			"survey row 34: type 'geopoint' of 'geopoint_test' is not supported: Anju has no locations",
			"survey row 35: type 'barcode' of 'barcode_test' is not supported: Anju has no barcodes",
			"survey row 36: type 'image' of 'image_test' is not supported: Anju has no photos",
			"survey row 37: type 'audio' of 'audio_test' is not supported: Anju has no audio recordings",
			"survey row 38: type 'video' of 'video_test' is not supported: Anju has no video recordings",
			"survey row 40: calculation of 'calculate_test': column 2: arithmetic ('+') is not in Anju's expression language",
			"survey row 54: name '_1' cannot become an Anju key (letters, digits and _, starting with a letter)",
			"choices row 4: choice 'a' of list 'a_b' has no label",
			"choices row 5: choice 'b' of list 'a_b' has no label"
		]);
		const reported = warnings(result);
		// Media, metadata, unknown columns and settings are reported, never dropped silently.
		expect(reported).toEqual(
			expect.arrayContaining([
				"survey: column 'image' is left out (media files are not imported): rows 9, 10",
				"survey: column 'media::audio::chinese' is left out (media files are not imported): row 9",
				"survey: column 'media::video' is left out (media files are not imported): row 9",
				"survey: column 'requiredMsg' is left out (Anju shows its own message for a required question): row 17",
				"survey: column 'rows' is left out (Anju does not use this column): row 4",
				"survey: appearance 'minimal' is left out (Anju does not use it): row 18",
				"survey: label has no 'zh' text in rows 2, 4, 5, 7, 11, 12, 13, 14, 15, 17, 18, 20, 21, 22, 25, 27, 28, 31, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57; the 'en' text is used there",
				"survey row 21: name 'label-test' becomes the key 'label_test'",
				"survey row 42: 'start' (start) is left out: Anju records start and end times of every response itself",
				"survey row 48: 'deviceid' (deviceid) is left out: Anju does not collect device or account details",
				"survey row 5: the label of 'invalid_variable' shows ${my_name}, which Anju does not fill in; it is shown as written",
				"settings row 2: setting 'submission_url' is left out (Anju does not use it)",
				"columns: sheet 'columns' is not read by Anju (it reads survey, choices and settings)"
			])
		);
		expect(reported).toHaveLength(57);
	});
});
