import { describe, expect, it } from 'vitest';
import * as flow from '$lib/player/flow';
import type { Instrument, Item, ItemType } from '$lib/instruments/types';
import type { FlowContext, PlayerConfig, PlayerState, SubmissionBody, Transition } from '$lib/player/types';
import { generatePanelCode, PANEL_CODE_ALPHABET } from '$lib/panel-code';
import { checkAnswers } from '$lib/instruments/check-answers';
import { loadInstruments } from '../../fixtures/load-instruments';

function item(key: string, type: ItemType, extra: Partial<Item> = {}): Item {
	return { key, type, prompt: { en: key, 'zh-Hans': key }, required: false, reverse: false, ...extra };
}

const yesNo = {
	key: 'yn',
	options: [
		{ code: 1, label: { en: 'Yes' } },
		{ code: 2, label: { en: 'No' } }
	]
};

// job → job_kind (only if job = 1) → household (1..20, whole) → pets (multi; 'none' alone) → note
const survey: Instrument = {
	key: 'survey',
	version: '1.0.0',
	languages: ['zh-Hans', 'en'],
	title: { en: 'Survey', 'zh-Hans': '调查' },
	metadata: { construct: 'test', follows: [], licence: 'CC0' },
	responseScales: [
		yesNo,
		{
			key: 'pets',
			options: [
				{ code: 1, label: { en: 'Dog' } },
				{ code: 2, label: { en: 'Cat' } },
				{ code: 9, label: { en: 'None' } }
			]
		}
	],
	sections: [],
	items: [
		item('job', 'single', { scale: 'yn', required: true }),
		item('job_kind', 'text', { relevance: '${job} = 1', maxLength: 20 }),
		item('household', 'number', { min: 1, max: 20, integer: true }),
		item('pets', 'multi', {
			scale: 'pets',
			constraint: "not (selected(${pets}, '9') and count-selected(${pets}) > 1)",
			constraintMessage: { en: 'None means none', 'zh-Hans': '没有就是没有' }
		}),
		item('note', 'info')
	],
	scales: []
};

const closing: Instrument = {
	...survey,
	key: 'closing',
	intro: { en: 'Last part', 'zh-Hans': '最后' },
	items: [item('mood', 'likert', { scale: 'yn' })]
};

const config: PlayerConfig = {
	mode: 'kiosk',
	languages: ['zh-Hans', 'en'],
	waveId: 'wave-1',
	siteId: 'site-1',
	instruments: [
		{ versionId: 'a'.repeat(64), instrument: survey },
		{ versionId: 'b'.repeat(64), instrument: closing }
	]
};

/** A `random` that returns the given numbers in turn. */
const seq = (values: number[]) => {
	let i = 0;
	return () => values[i++ % values.length] as number;
};

function context(): FlowContext {
	let clock = Date.parse('2026-03-01T09:00:00Z');
	let ids = 0;
	return { now: () => new Date((clock += 1000)).toISOString(), newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}` };
}

/** Runs transitions in order, collecting the submissions and refusals they ask for. */
class Run {
	state: PlayerState = flow.initialState();
	submitted: SubmissionBody[] = [];
	refusals = 0;
	readonly ctx = context();
	constructor(readonly cfg: PlayerConfig = config) {}
	do(step: (state: PlayerState) => Transition): this {
		const { state, effects } = step(this.state);
		this.state = state;
		for (const effect of effects) {
			if (effect.kind === 'submit') this.submitted.push(effect.submission);
			else this.refusals++;
		}
		return this;
	}
	get screen() {
		return this.state.screen;
	}
	get screenKey(): string {
		return this.screen.name === 'item' ? this.screen.key : this.screen.name;
	}
	/** Welcome → language → consent given: the identification screen. */
	consented(language = 'zh-Hans'): this {
		return this.do((s) => flow.chooseLanguage(this.cfg, s, language)).do((s) => flow.giveConsent(s, this.ctx));
	}
	/** …then a typed code: the first screen of the first instrument. */
	identified(code = generatePanelCode(() => 0.42)): this {
		return this.consented()
			.do(flow.chooseEnterCode)
			.do((s) => flow.typeCode(s, code))
			.do((s) => flow.submitCode(this.cfg, s, this.ctx));
	}
	answer(value: Parameters<typeof flow.setAnswer>[1]): this {
		return this.do((s) => flow.setAnswer(s, value)).do((s) => flow.next(this.cfg, s, this.ctx));
	}
	next(): this {
		return this.do((s) => flow.next(this.cfg, s, this.ctx));
	}
	back(): this {
		return this.do(flow.back);
	}
	reset(): this {
		return this.do((s) => flow.reset(this.cfg, s));
	}
}

describe('welcome, consent and identification', () => {
	it('starts on the welcome screen with nobody in session', () => {
		const run = new Run();
		expect(run.screen).toEqual({ name: 'welcome' });
		expect(flow.isInSession(run.state)).toBe(false);
	});

	it('refuses a language the project does not offer', () => {
		const run = new Run().do((s) => flow.chooseLanguage(config, s, 'fr'));
		expect(run.screen.name).toBe('welcome');
	});

	it('records the consent time and asks who the resident is', () => {
		const run = new Run().consented('en');
		expect(run.screen.name).toBe('identify');
		expect(run.state.resident).toMatchObject({ language: 'en', consentAt: '2026-03-01T09:00:01.000Z' });
	});

	it('ends politely when consent is declined, with only a refusal count', () => {
		const run = new Run().do((s) => flow.chooseLanguage(config, s, 'zh-Hans')).do(flow.declineConsent);
		expect(run.screen.name).toBe('declined');
		expect(run.refusals).toBe(1);
		expect(run.submitted).toEqual([]);
		expect(run.state.history).toEqual([]);
		run.reset();
		expect(run.state).toEqual(flow.initialState());
		expect(run.submitted).toEqual([]);
	});

	it('accepts a code typed in lower case without the dash and formats it', () => {
		const code = generatePanelCode(() => 0.7);
		const run = new Run().identified(code.replace('-', '').toLowerCase());
		expect(run.state.resident?.panelCode).toBe(code);
		expect(run.screenKey).toBe('job');
	});

	it('keeps only the code alphabet, at most six characters', () => {
		const run = new Run()
			.consented()
			.do(flow.chooseEnterCode)
			.do((s) => flow.typeCode(s, 'k7m-4qx9 z'));
		expect(run.state.resident?.typedCode).toBe('K7M4QX');
	});

	it('catches a typo in the code and asks again, keeping what was typed', () => {
		const code = generatePanelCode(() => 0.3).replace('-', '');
		// Change one character to a different one of the alphabet: the check character catches it.
		const other = PANEL_CODE_ALPHABET[(PANEL_CODE_ALPHABET.indexOf(code[2] as string) + 1) % PANEL_CODE_ALPHABET.length];
		const typo = code.slice(0, 2) + other + code.slice(3);
		const run = new Run().identified(typo);
		expect(run.screen.name).toBe('enter-code');
		expect(run.state.issue).toEqual({ code: 'code_invalid' });
		expect(run.state.resident?.typedCode).toBe(typo);
		expect(run.state.resident?.panelCode).toBeNull();
		// Correcting the character clears the issue and goes on.
		run.do((s) => flow.typeCode(s, code)).do((s) => flow.submitCode(config, s, run.ctx));
		expect(run.state.issue).toBeNull();
		expect(run.screenKey).toBe('job');
	});

	it('catches swapped characters', () => {
		// A made-up code with a correct check character, then its 2nd and 3rd characters swapped.
		const good = generatePanelCode(seq([0.1, 0.2, 0.3, 0.4, 0.5])).replace('-', '');
		const swapped = good.slice(0, 1) + good.slice(2, 3) + good.slice(1, 2) + good.slice(3);
		expect(swapped).not.toBe(good);
		const run = new Run().identified(swapped);
		expect(run.state.issue).toEqual({ code: 'code_invalid' });
	});

	it('says a short code is incomplete rather than wrong', () => {
		const run = new Run().identified('K7M4');
		expect(run.state.issue).toEqual({ code: 'code_incomplete' });
	});

	it('gives a first-time resident the new code and uses it for the responses', () => {
		const code = generatePanelCode(() => 0.9);
		const run = new Run().consented().do((s) => flow.chooseFirstTime(s, code));
		expect(run.screen).toEqual({ name: 'new-code', code });
		run.do((s) => flow.confirmNewCode(config, s, run.ctx));
		expect(run.state.resident?.panelCode).toBe(code);
		expect(run.screenKey).toBe('job');
	});

	it('refuses a malformed new code from the shell', () => {
		const run = new Run().consented('en').do((s) => flow.chooseFirstTime(s, 'AAA-AAA'));
		expect(run.screen.name).toBe('identify');
	});
});

describe('items, skip logic and checks', () => {
	it('asks the follow-up only when its relevance holds', () => {
		const yes = new Run().identified().answer(1);
		expect(yes.screenKey).toBe('job_kind');
		const no = new Run().identified().answer(2);
		expect(no.screenKey).toBe('household');
	});

	it('does not leave a required item unanswered', () => {
		const run = new Run().identified().next();
		expect(run.screenKey).toBe('job');
		expect(run.state.issue).toEqual({ code: 'required' });
		run.do((s) => flow.setAnswer(s, 2));
		expect(run.state.issue).toBeNull();
	});

	it('lets an optional item be skipped, and blank text counts as no answer', () => {
		const run = new Run().identified().answer(1).answer('   ');
		expect(run.screenKey).toBe('household');
		expect(run.state.resident?.draft?.answers).toEqual({ job: 1 });
	});

	it('explains numbers out of range, not whole or not numbers', () => {
		const run = new Run().identified().answer(2);
		run.answer(0);
		expect(run.state.issue).toEqual({ code: 'range', min: 1, max: 20 });
		run.answer(2.5);
		expect(run.state.issue).toEqual({ code: 'whole_number' });
		run.answer(Number.NaN);
		expect(run.state.issue).toEqual({ code: 'number' });
		run.answer(4);
		expect(run.screenKey).toBe('pets');
	});

	it('checks constraints with the shared expression module', () => {
		const run = new Run().identified().answer(2).answer(3).answer([1, 9]);
		expect(run.screenKey).toBe('pets');
		expect(run.state.issue).toEqual({ code: 'constraint' });
		run.answer([9]);
		expect(run.screenKey).toBe('note');
	});

	it('rejects text longer than the item allows', () => {
		const run = new Run().identified().answer(1).answer('x'.repeat(21));
		expect(run.state.issue).toEqual({ code: 'too_long', max: 20 });
	});

	it('sends a complete response when an instrument ends, without answers to skipped items', () => {
		const run = new Run().identified().answer(1).answer('farming').back().back();
		expect(run.screenKey).toBe('job');
		// Changing the answer skips the follow-up: its answer is kept in memory but never sent.
		run.answer(2).answer(3).answer([1, 2]).next();
		expect(run.screen).toEqual({ name: 'intro', instrument: 1 });
		expect(run.submitted).toHaveLength(1);
		const [sent] = run.submitted as [SubmissionBody];
		expect(sent).toMatchObject({
			id: '00000000-0000-4000-8000-000000000001',
			waveId: 'wave-1',
			siteId: 'site-1',
			instrumentVersionId: 'a'.repeat(64),
			mode: 'kiosk',
			language: 'zh-Hans',
			status: 'complete',
			answers: { job: 2, household: 3, pets: [1, 2] }
		});
		expect(sent.answers).not.toHaveProperty('job_kind');
		expect(sent.completedAt).not.toBeNull();
		expect(sent.consentAt).not.toBeNull();
		expect(checkAnswers(survey, sent.answers, true)).toEqual([]);
	});

	it('runs the instruments in order and ends on the thank-you screen', () => {
		const run = new Run().identified().answer(2).answer(3).answer([9]).next();
		expect(run.screen).toEqual({ name: 'intro', instrument: 1 });
		run.next().answer(1);
		expect(run.screen.name).toBe('thanks');
		expect(run.submitted.map((s) => [s.instrumentVersionId[0], s.status])).toEqual([
			['a', 'complete'],
			['b', 'complete']
		]);
		expect(new Set(run.submitted.map((s) => s.id)).size).toBe(2);
		run.reset();
		expect(run.state).toEqual(flow.initialState());
		expect(run.submitted).toHaveLength(2);
	});
});

describe('back navigation', () => {
	it('returns to earlier screens with their answers', () => {
		const run = new Run().identified().answer(2).answer(7);
		expect(run.screenKey).toBe('pets');
		run.back();
		expect(run.screenKey).toBe('household');
		expect(run.state.resident?.draft?.answers.household).toBe(7);
		run.back();
		expect(run.screenKey).toBe('job');
		run.back();
		expect(run.screen.name).toBe('enter-code');
	});

	it('keeps the response id when the first item is left with Back and entered again', () => {
		const run = new Run().identified();
		const id = run.state.resident?.draft?.id;
		run.back().do((s) => flow.submitCode(config, s, run.ctx));
		expect(run.state.resident?.draft?.id).toBe(id);
	});

	it('cannot go back into a finished instrument', () => {
		const run = new Run().identified().answer(2).answer(3).answer([9]).next();
		expect(run.screen).toEqual({ name: 'intro', instrument: 1 });
		expect(run.state.history).toEqual([]);
		run.back();
		expect(run.screen).toEqual({ name: 'intro', instrument: 1 });
	});

	it('going back to the welcome screen forgets the resident', () => {
		const run = new Run().do((s) => flow.chooseLanguage(config, s, 'en')).back();
		expect(run.state).toEqual(flow.initialState());
	});
});

describe('reset', () => {
	it('sends an unfinished response as partial with the answers so far, and forgets everything', () => {
		const run = new Run().identified().answer(1).answer('teacher');
		// An answer on the screen left behind counts when it is valid.
		run.do((s) => flow.setAnswer(s, 4));
		run.reset();
		expect(run.state).toEqual(flow.initialState());
		expect(run.submitted).toHaveLength(1);
		expect(run.submitted[0]).toMatchObject({
			status: 'partial',
			completedAt: null,
			answers: { job: 1, job_kind: 'teacher', household: 4 }
		});
	});

	it('leaves out answers the server would refuse', () => {
		const run = new Run().identified().answer(2).answer(3);
		run.do((s) => flow.setAnswer(s, [1, 9])).reset();
		expect(run.submitted[0]?.answers).toEqual({ job: 2, household: 3 });
		expect(checkAnswers(survey, run.submitted[0]?.answers ?? {}, false)).toEqual([]);
	});

	it('sends nothing when no answer was given', () => {
		const run = new Run().identified().reset();
		expect(run.submitted).toEqual([]);
		expect(run.state).toEqual(flow.initialState());
	});

	it('after a finished instrument, sends only the unfinished one as partial', () => {
		const run = new Run().identified().answer(2).answer(3).answer([9]).next().next();
		run.do((s) => flow.setAnswer(s, 2)).reset();
		expect(run.submitted.map((s) => s.status)).toEqual(['complete', 'partial']);
		expect(run.submitted[1]?.answers).toEqual({ mood: 2 });
	});
});

describe('progress', () => {
	it('counts questions over the whole wave, following skip logic', () => {
		const run = new Run().identified();
		// job, household, pets, note + mood (job_kind not asked yet)
		expect(flow.progress(config, run.state)).toEqual({ current: 1, total: 5 });
		run.answer(1);
		expect(flow.progress(config, run.state)).toEqual({ current: 2, total: 6 });
		run.answer('x').answer(2).answer([1]).next().next();
		expect(flow.progress(config, run.state)).toEqual({ current: 6, total: 6 });
	});
});

describe('the library instruments', () => {
	const library = loadInstruments();
	const demographics = library.find((i) => i.key === 'demographics') as Instrument;
	const cfg: PlayerConfig = { ...config, instruments: [{ versionId: 'c'.repeat(64), instrument: demographics }] };

	it('asks the "other ethnic group" follow-up only after choosing "other"', () => {
		const run = new Run(cfg).identified().next();
		expect(run.screenKey).toBe('dem_gender');
		run.answer(2).answer(3).answer(9);
		expect(run.screenKey).toBe('dem_eth_other');
		run.back().answer(2);
		expect(run.screenKey).toBe('dem_reloc_year');
	});

	it('completes with every item skipped by an optional path and validates on the server checks', () => {
		const run = new Run(cfg).identified().next();
		for (let i = 0; i < 20 && run.screen.name === 'item'; i++) run.next();
		expect(run.screen.name).toBe('thanks');
		expect(run.submitted[0]).toMatchObject({ status: 'complete', answers: {} });
	});
});
