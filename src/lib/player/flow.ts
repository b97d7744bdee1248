/**
 * The player's flow as pure transitions: welcome → consent → identify (enter a code, or first
 * time → a new code) → each instrument (intro, then one item per screen, skipping items whose
 * relevance is false) → thank you → welcome. Each transition returns the next state and the
 * effects the shell must carry out (queue a response, count a refusal); the state never reaches
 * storage. A finished instrument is sent at once and cannot be re-entered with Back.
 */
import type { AnswerValue, Answers, Item } from '$lib/instruments/types';
import { checkAnswers } from '$lib/instruments/check-answers';
import { formatPanelCode, isValidPanelCode, normalizePanelCode } from '$lib/panel-code';
import { askedItems, isEmptyAnswer, nextItem, screenIssue, submittableAnswers } from './answers';
import type { Draft, Effect, FlowContext, PlayerConfig, PlayerState, Resident, Screen, SubmissionBody, Transition } from './types';

export const PANEL_CODE_LENGTH = 6;

/** The welcome screen with nobody in front of it. */
export function initialState(): PlayerState {
	return { screen: { name: 'welcome' }, resident: null, history: [], issue: null };
}

const stay = (state: PlayerState): Transition => ({ state, effects: [] });

/** Moves forward, remembering the screen left so Back can return to it. */
function go(state: PlayerState, screen: Screen, resident = state.resident): PlayerState {
	return { screen, resident, history: [...state.history, state.screen], issue: null };
}

/** A resident picks a language on the welcome screen: their session starts. */
export function chooseLanguage(config: PlayerConfig, state: PlayerState, language: string): Transition {
	if (state.screen.name !== 'welcome' || !config.languages.includes(language)) return stay(state);
	const resident: Resident = { language, consentAt: null, panelCode: null, typedCode: '', draft: null, screensDone: 0 };
	return stay(go(state, { name: 'consent' }, resident));
}

export function giveConsent(state: PlayerState, ctx: FlowContext): Transition {
	if (state.screen.name !== 'consent' || !state.resident) return stay(state);
	return stay(go(state, { name: 'identify' }, { ...state.resident, consentAt: ctx.now() }));
}

/** Declining ends politely; only a refusal count leaves the device. */
export function declineConsent(state: PlayerState): Transition {
	if (state.screen.name !== 'consent' || !state.resident) return stay(state);
	const resident: Resident = { ...state.resident, consentAt: null };
	return { state: { screen: { name: 'declined' }, resident, history: [], issue: null }, effects: [{ kind: 'refusal' }] };
}

export function chooseEnterCode(state: PlayerState): Transition {
	if (state.screen.name !== 'identify') return stay(state);
	return stay(go(state, { name: 'enter-code' }));
}

/** Keypad and keyboard input; only the code's alphabet is kept, at most six characters. */
export function typeCode(state: PlayerState, typed: string): Transition {
	if (state.screen.name !== 'enter-code' || !state.resident) return stay(state);
	const typedCode = normalizePanelCode(typed).slice(0, PANEL_CODE_LENGTH);
	return stay({ ...state, resident: { ...state.resident, typedCode }, issue: null });
}

/** A typed code is accepted only with a correct check character; a typo asks again. */
export function submitCode(config: PlayerConfig, state: PlayerState, ctx: FlowContext): Transition {
	if (state.screen.name !== 'enter-code' || !state.resident) return stay(state);
	const typed = state.resident.typedCode;
	if (typed.length < PANEL_CODE_LENGTH) return stay({ ...state, issue: { code: 'code_incomplete' } });
	if (!isValidPanelCode(typed)) return stay({ ...state, issue: { code: 'code_invalid' } });
	return startInstrument(config, state, { ...state.resident, panelCode: formatPanelCode(typed) }, 0, ctx);
}

/** "First time here": the shell supplies a fresh code (reserved by the server when it can). */
export function chooseFirstTime(state: PlayerState, newCode: string): Transition {
	if (state.screen.name !== 'identify' || !isValidPanelCode(newCode)) return stay(state);
	return stay(go(state, { name: 'new-code', code: formatPanelCode(normalizePanelCode(newCode)) }));
}

/** The resident has copied the new code onto their card. */
export function confirmNewCode(config: PlayerConfig, state: PlayerState, ctx: FlowContext): Transition {
	if (state.screen.name !== 'new-code' || !state.resident) return stay(state);
	return startInstrument(config, state, { ...state.resident, panelCode: state.screen.code }, 0, ctx);
}

/**
 * Opens instrument `index` (its intro, else its first asked item), or the thank-you screen after
 * the last one. The response gets its UUID here; coming back to it with Back keeps the same one.
 */
function startInstrument(config: PlayerConfig, state: PlayerState, resident: Resident, index: number, ctx: FlowContext): Transition {
	const entry = config.instruments[index];
	if (!entry) return stay(go(state, { name: 'thanks' }, { ...resident, draft: null }));
	const draft: Draft =
		resident.draft?.instrument === index ? resident.draft : { instrument: index, id: ctx.newId(), startedAt: ctx.now(), answers: {} };
	const withDraft = { ...resident, draft };
	if (entry.instrument.intro) return stay(go(state, { name: 'intro', instrument: index }, withDraft));
	const first = nextItem(entry.instrument, draft.answers);
	if (!first) return finishInstrument(config, { ...state, resident: withDraft }, ctx);
	return stay(go(state, { name: 'item', instrument: index, key: first.key }, withDraft));
}

/** Records the answer on the current item's screen; an empty answer removes it. */
export function setAnswer(state: PlayerState, value: AnswerValue | undefined): Transition {
	const { screen, resident } = state;
	if (screen.name !== 'item' || !resident?.draft) return stay(state);
	const answers: Answers = { ...resident.draft.answers };
	if (isEmptyAnswer(value)) delete answers[screen.key];
	else answers[screen.key] = value;
	return stay({ ...state, resident: { ...resident, draft: { ...resident.draft, answers } }, issue: null });
}

/** Next: checks the screen's answer, then moves to the next asked item or finishes the instrument. */
export function next(config: PlayerConfig, state: PlayerState, ctx: FlowContext): Transition {
	const { screen, resident } = state;
	if (!resident?.draft || (screen.name !== 'intro' && screen.name !== 'item')) return stay(state);
	const instrument = config.instruments[screen.instrument]?.instrument;
	if (!instrument) return stay(state);
	const answers = resident.draft.answers;
	if (screen.name === 'item') {
		const item = instrument.items.find((i) => i.key === screen.key);
		const issue = item ? screenIssue(instrument, item, answers) : null;
		if (issue) return stay({ ...state, issue });
	}
	const following = nextItem(instrument, answers, screen.name === 'item' ? screen.key : undefined);
	if (following) return stay(go(state, { name: 'item', instrument: screen.instrument, key: following.key }));
	return finishInstrument(config, state, ctx);
}

/** Sends the current instrument as complete, then starts the next one with an empty history. */
function finishInstrument(config: PlayerConfig, state: PlayerState, ctx: FlowContext): Transition {
	const resident = state.resident as Resident;
	const draft = resident.draft as Draft;
	const entry = config.instruments[draft.instrument];
	if (!entry) return stay(state);
	const answers = submittableAnswers(entry.instrument, draft.answers);
	// The screens check every answer on the way, so this only catches a broken invariant; it sends
	// the resident back to the first item the server would refuse rather than losing the response.
	const problem = checkAnswers(entry.instrument, answers, true)[0];
	if (problem) return stay(go(state, { name: 'item', instrument: draft.instrument, key: problem.item }));
	const submission = toSubmission(config, resident, draft, answers, ctx.now());
	const screensDone = resident.screensDone + askedItems(entry.instrument, draft.answers).length;
	const sealed: PlayerState = { ...state, history: [], resident: { ...resident, draft: null, screensDone } };
	const after = startInstrument(config, sealed, sealed.resident as Resident, draft.instrument + 1, ctx);
	return { state: { ...after.state, history: [] }, effects: [{ kind: 'submit', submission }, ...after.effects] };
}

/** Back to the previous screen; never into a finished instrument or a previous resident. */
export function back(state: PlayerState): Transition {
	const previous = state.history.at(-1);
	if (!previous || !state.resident) return stay(state);
	const resident = previous.name === 'welcome' ? null : state.resident;
	return stay({ screen: previous, resident, history: state.history.slice(0, -1), issue: null });
}

/**
 * Ends the resident's session (finished, declined, idle or staff reset): an unfinished response
 * with answers is sent as partial, and the state returns to the empty welcome screen.
 */
export function reset(config: PlayerConfig, state: PlayerState): Transition {
	const effects: Effect[] = [];
	const resident = state.resident;
	const draft = resident?.draft;
	const entry = draft && config.instruments[draft.instrument];
	if (resident && draft && entry) {
		const answers = submittableAnswers(entry.instrument, draft.answers);
		if (Object.keys(answers).length > 0) effects.push({ kind: 'submit', submission: toSubmission(config, resident, draft, answers, null) });
	}
	return { state: initialState(), effects };
}

function toSubmission(
	config: PlayerConfig,
	resident: Resident,
	draft: Draft,
	answers: Answers,
	completedAt: string | null
): SubmissionBody {
	const entry = config.instruments[draft.instrument];
	if (!entry || !resident.panelCode) throw new Error('a response needs its instrument and a panel code');
	return {
		id: draft.id,
		waveId: config.waveId,
		siteId: config.siteId,
		instrumentVersionId: entry.versionId,
		panelCode: resident.panelCode,
		mode: config.mode,
		language: resident.language,
		consentAt: resident.consentAt,
		startedAt: draft.startedAt,
		completedAt,
		status: completedAt === null ? 'partial' : 'complete',
		answers
	};
}

/** The item an item screen shows. */
export function itemOf(config: PlayerConfig, screen: Screen): Item | undefined {
	return screen.name === 'item' ? config.instruments[screen.instrument]?.instrument.items.find((i) => i.key === screen.key) : undefined;
}

/** Whether the screen belongs to a resident (the idle timer runs and a reset has something to clear). */
export function isInSession(state: PlayerState): boolean {
	return state.resident !== null && state.screen.name !== 'welcome';
}

/** "Question 3 of 41" over the whole wave; future instruments count the items asked with no answers yet. */
export function progress(config: PlayerConfig, state: PlayerState): { current: number; total: number } | null {
	const { screen, resident } = state;
	if (screen.name !== 'item' || !resident?.draft) return null;
	const asked = askedItems(config.instruments[screen.instrument]?.instrument ?? { items: [] }, resident.draft.answers);
	const later = config.instruments.slice(screen.instrument + 1).reduce((sum, e) => sum + askedItems(e.instrument, {}).length, 0);
	const position = asked.findIndex((item) => item.key === screen.key) + 1;
	return { current: resident.screensDone + position, total: resident.screensDone + asked.length + later };
}
