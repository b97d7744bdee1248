import { describe, expect, it } from 'vitest';
import { assignNames, NAME_MAX, toVariableName } from '$lib/exports/names';

describe('variable names', () => {
	it.each([
		['community-identity', 'community_identity'],
		['Score 1', 'score_1'],
		['9lives', 'v9lives'],
		['_hidden', 'hidden'],
		['if', 'if_'],
		['in', 'in_'],
		['a'.repeat(40), 'a'.repeat(NAME_MAX)]
	])('%s → %s', (text, name) => {
		expect(toVariableName(text)).toBe(name);
	});

	it('keep plain names unless two candidates want one, or a reserved name is taken', () => {
		const names = assignNames(
			[
				{ plain: 'mood', qualified: 'survey_mood' },
				{ plain: 'hours', qualified: 'survey_hours' },
				{ plain: 'hours', qualified: 'background_hours' },
				{ plain: 'wave', qualified: 'background_wave' }
			],
			['project', 'wave']
		);
		expect(names).toEqual(['mood', 'survey_hours', 'background_hours', 'background_wave']);
	});

	it('stay unique after cutting to 32 characters', () => {
		const long = 'x'.repeat(40);
		const names = assignNames(
			[
				{ plain: `${long}_1`, qualified: `${long}_1` },
				{ plain: `${long}_2`, qualified: `${long}_2` }
			],
			[]
		);
		expect(names[0]).toHaveLength(NAME_MAX);
		expect(names[1]).toHaveLength(NAME_MAX);
		expect(names[0]).not.toBe(names[1]);
		expect(names[1]!.endsWith('_2')).toBe(true);
	});
});
