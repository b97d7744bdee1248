/**
 * Shapes shared by the player's pure flow, its screens and its shells (kiosk, interviewer).
 */
import type { Answers, Instrument } from '$lib/instruments/types';

export type PlayerMode = 'kiosk' | 'interviewer';

export interface PlayerInstrument {
	versionId: string;
	instrument: Instrument;
}

/** What one run of the player asks: fixed for a kiosk's bundle or an interviewer's wave × site. */
export interface PlayerConfig {
	mode: PlayerMode;
	/** Respondent languages in the project's order. */
	languages: string[];
	waveId: string;
	siteId: string;
	/** The wave's instruments in the order they are asked. */
	instruments: PlayerInstrument[];
}

export type Screen =
	| { name: 'welcome' }
	| { name: 'consent' }
	| { name: 'declined' }
	| { name: 'identify' }
	| { name: 'enter-code' }
	| { name: 'new-code'; code: string }
	| { name: 'intro'; instrument: number }
	| { name: 'item'; instrument: number; key: string }
	| { name: 'thanks' };

/** The response to one instrument while it is being answered. */
export interface Draft {
	instrument: number;
	/** UUID v4 made when the instrument starts: the submission's idempotency key. */
	id: string;
	startedAt: string;
	answers: Answers;
}

/** Everything about the resident in front of the screen; dropped as a whole on reset. */
export interface Resident {
	language: string;
	consentAt: string | null;
	panelCode: string | null;
	/** Code typed on the keypad, kept so a typo can be corrected. */
	typedCode: string;
	draft: Draft | null;
	/** Screens answered in instruments already finished (for the progress bar). */
	screensDone: number;
}

/** Why the current screen cannot be left with Next; rendered in the respondent's language. */
export type Issue =
	| { code: 'required' }
	| { code: 'number' }
	| { code: 'whole_number' }
	| { code: 'range'; min?: number; max?: number }
	| { code: 'too_long'; max: number }
	| { code: 'date' }
	| { code: 'constraint' }
	| { code: 'invalid' }
	| { code: 'code_incomplete' }
	| { code: 'code_invalid' };

export interface PlayerState {
	screen: Screen;
	resident: Resident | null;
	/** Screens Back returns to, most recent last; emptied when an instrument is finished and sent. */
	history: Screen[];
	issue: Issue | null;
}

/** The body of POST /api/v1/submissions: one response to one instrument. */
export interface SubmissionBody {
	id: string;
	waveId: string;
	siteId: string;
	instrumentVersionId: string;
	panelCode: string;
	mode: PlayerMode;
	language: string;
	consentAt: string | null;
	startedAt: string;
	completedAt: string | null;
	status: 'complete' | 'partial';
	answers: Answers;
}

/** Work a transition asks the shell to do: queue a response, or count a declined consent. */
export type Effect = { kind: 'submit'; submission: SubmissionBody } | { kind: 'refusal' };

export interface Transition {
	state: PlayerState;
	effects: Effect[];
}

/** Time and ids come from outside so the flow stays pure and testable. */
export interface FlowContext {
	now: () => string;
	newId: () => string;
}

/** What the player asks of its shell (kiosk or interviewer page). */
export interface PlayerServices {
	/** Puts a response in the outbox (durably) and lets the sender take it from there. */
	submit(submission: SubmissionBody): Promise<void>;
	/** Counts a declined consent. */
	refuse(): Promise<void>;
	/** A fresh panel code for a first-time resident. */
	newPanelCode(): Promise<string>;
}
