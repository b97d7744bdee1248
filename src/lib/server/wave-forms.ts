/**
 * The wave forms as typed by a coordinator: checked field by field, then handed to `waves.ts`.
 * Errors are codes per field; the page turns them into messages in the user's language.
 */
import type { Kysely } from 'kysely';
import type { Database, WaveKind } from './db/schema';
import type { LocalizedText } from '../instruments/types';
import type { Actor } from './audit';
import type { LoadedInstrument } from './instrument-files';
import { summarizeInstrumentLibrary } from './instruments';
import {
	checkInstrumentVersionIds,
	createWave,
	listWaveInstrumentIds,
	setWaveAssignments,
	updateWave,
	type AssignmentError,
	type Wave,
	type WaveDetails
} from './waves';

export interface WaveDetailFields {
	name: string;
	opensOn: string;
	closesOn: string;
}

export interface NewWaveFields extends WaveDetailFields {
	order: string;
	kind: string;
	/** Instrument version ids in the order chosen; empty slots already dropped. */
	versionIds: string[];
}

export type WaveFieldError = 'required' | 'too_long' | 'invalid' | 'taken' | 'baseline_taken' | 'before_opens' | AssignmentError;
export type WaveErrors = Partial<Record<keyof NewWaveFields, WaveFieldError>>;

export const WAVE_NAME_MAX = 80;
const ORDER_MAX = 999;

/** A real calendar date as YYYY-MM-DD, or undefined. */
function parseDate(text: string): string | undefined {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

/** Checks name and dates (pure): name required, dates optional, closes on or after opens. */
export function parseWaveDetails(fields: WaveDetailFields): { details: WaveDetails; errors: WaveErrors } {
	const errors: WaveErrors = {};
	const name = fields.name.trim().replace(/\s+/g, ' ');
	if (!name) errors.name = 'required';
	else if (name.length > WAVE_NAME_MAX) errors.name = 'too_long';
	const opensText = fields.opensOn.trim();
	const closesText = fields.closesOn.trim();
	const opensOn = parseDate(opensText) ?? null;
	const closesOn = parseDate(closesText) ?? null;
	if (opensText && !opensOn) errors.opensOn = 'invalid';
	if (closesText && !closesOn) errors.closesOn = 'invalid';
	else if (opensOn && closesOn && closesOn < opensOn) errors.closesOn = 'before_opens';
	return { details: { name, opensOn, closesOn }, errors };
}

function parseKind(text: string): WaveKind | undefined {
	return text === 'baseline' || text === 'follow-up' ? text : undefined;
}

export type SaveWaveResult = { ok: true; wave: Wave } | { ok: false; errors: WaveErrors };

/** Checks a new-wave form (order unique, one baseline per project, known versions) and creates the wave. */
export async function saveNewWave(db: Kysely<Database>, projectId: string, fields: NewWaveFields, actor: Actor): Promise<SaveWaveResult> {
	const { details, errors } = parseWaveDetails(fields);
	const orderText = fields.order.trim();
	const order = Number(orderText);
	if (!orderText) errors.order = 'required';
	else if (!/^\d+$/.test(orderText) || order < 1 || order > ORDER_MAX) errors.order = 'invalid';
	const kind = parseKind(fields.kind);
	if (!kind) errors.kind = fields.kind ? 'invalid' : 'required';

	const existing = await db.selectFrom('waves').select(['wave_order', 'kind']).where('project_id', '=', projectId).execute();
	if (!errors.order && existing.some((w) => w.wave_order === order)) errors.order = 'taken';
	if (kind === 'baseline' && existing.some((w) => w.kind === 'baseline')) errors.kind = 'baseline_taken';
	const versionProblem = await checkInstrumentVersionIds(db, fields.versionIds);
	if (versionProblem) errors.versionIds = versionProblem;
	if (Object.keys(errors).length > 0 || !kind) return { ok: false, errors };

	const wave = await createWave(db, { projectId, ...details, order, kind, instrumentVersionIds: fields.versionIds }, actor);
	return { ok: true, wave };
}

/** Checks the name/dates form and changes the wave. */
export async function saveWaveDetails(db: Kysely<Database>, wave: Wave, fields: WaveDetailFields, actor: Actor): Promise<SaveWaveResult> {
	const { details, errors } = parseWaveDetails(fields);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	const updated = await updateWave(db, wave.id, details, actor);
	if (!updated) throw new Error(`wave ${wave.id} disappeared while being edited`);
	return { ok: true, wave: updated };
}

export interface AssignmentFields {
	versionIds: string[];
	/** The "I understand responses already exist" box was ticked. */
	acknowledged: boolean;
	reason: string;
}

export const OVERRIDE_REASON_MAX = 1000;

export type SaveAssignmentsResult =
	{ ok: true; changed: boolean } | { ok: false; errors: { versionIds?: AssignmentError; reason?: WaveFieldError } };

/** Changes a wave's assignments; an override counts only when the box is ticked, and then needs a reason. */
export async function saveWaveAssignments(
	db: Kysely<Database>,
	wave: Wave,
	fields: AssignmentFields,
	actorUserId: string
): Promise<SaveAssignmentsResult> {
	const reason = fields.reason.trim();
	if (fields.acknowledged && reason.length > OVERRIDE_REASON_MAX) return { ok: false, errors: { reason: 'too_long' } };
	const result = await setWaveAssignments(db, wave.id, fields.versionIds, {
		actorUserId,
		overrideReason: fields.acknowledged ? reason : undefined
	});
	if (result.ok) return result;
	if (result.error === 'reason_required') return { ok: false, errors: { reason: 'required' } };
	return { ok: false, errors: { versionIds: result.error } };
}

/** A stored instrument version a coordinator may assign. */
export interface VersionChoice {
	id: string;
	key: string;
	version: string;
	title: LocalizedText;
	/** The version in the library files now. */
	current: boolean;
}

/** Every stored version, current versions first. */
export async function listVersionChoices(db: Kysely<Database>, library: LoadedInstrument[]): Promise<VersionChoice[]> {
	const summaries = await summarizeInstrumentLibrary(db, library);
	return summaries.map(({ id, key, version, title, current }) => ({ id, key, version, title, current }));
}

/** What a new wave asks unless changed: the last wave's instruments (follow-ups repeat them), else the current library. */
export async function defaultAssignments(db: Kysely<Database>, projectId: string, choices: VersionChoice[]): Promise<string[]> {
	const last = await db
		.selectFrom('waves')
		.select('id')
		.where('project_id', '=', projectId)
		.orderBy('wave_order', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (last) return listWaveInstrumentIds(db, last.id);
	return choices.filter((c) => c.current).map((c) => c.id);
}
