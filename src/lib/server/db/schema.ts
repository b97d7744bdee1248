/**
 * The database schema as one hand-written Kysely interface. Portable types only: text ids,
 * ISO-8601 UTC timestamps as text, 0/1 integer flags, JSON as text.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Arm = 'project' | 'comparison';
export type WaveKind = 'baseline' | 'follow-up';
export type ResponseMode = 'kiosk' | 'interviewer';
export type ResponseStatus = 'complete' | 'partial';
export type Role = 'admin' | 'coordinator' | 'evaluator';

export interface ProjectTable {
	id: string;
	slug: string;
	name: string;
	description: string;
	/** JSON array of language tags offered to respondents. */
	languages: string;
	idle_warning_seconds: Generated<number>;
	idle_reset_seconds: Generated<number>;
	/** Bumped by every write that changes analysable data; indicator caches key on it. */
	data_version: Generated<number>;
	archived_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface SiteTable {
	id: string;
	project_id: string;
	name: string;
	arm: Arm;
	target_per_wave: number;
	region: string | null;
	created_at: string;
}

export interface WaveTable {
	id: string;
	project_id: string;
	name: string;
	kind: WaveKind;
	wave_order: number;
	opens_on: string | null;
	closes_on: string | null;
	created_at: string;
}

export interface InstrumentTable {
	key: string;
	created_at: string;
}

export interface InstrumentVersionTable {
	/** SHA-256 of the canonical content. */
	id: string;
	instrument_key: string;
	version: string;
	/** Validated instrument as JSON. */
	content: string;
	source_file: string;
	created_at: string;
}

export interface WaveInstrumentTable {
	wave_id: string;
	instrument_version_id: string;
	position: number;
}

export interface RespondentTable {
	id: string;
	project_id: string;
	panel_code: string;
	created_at: string;
	withdrawn_at: string | null;
	withdrawal_reason: string | null;
	/** Set when this code was merged into another respondent's (the same person). */
	merged_into_id: Generated<string | null>;
}

export interface ResponseTable {
	/** UUID made by the client: the idempotency key. */
	id: string;
	project_id: string;
	wave_id: string;
	site_id: string;
	respondent_id: string;
	instrument_version_id: string;
	mode: ResponseMode;
	language: string;
	consent_at: string | null;
	started_at: string;
	completed_at: string | null;
	received_at: string;
	status: ResponseStatus;
	kiosk_id: string | null;
	interviewer_id: string | null;
	/** SHA-256 of the canonical submission: replays are compared by it. */
	payload_hash: string;
	excluded: Generated<number>;
	excluded_reason: string | null;
}

export interface AnswerTable {
	response_id: string;
	item_key: string;
	/** Numeric answer; for multi items the number of codes selected. */
	value_num: number | null;
	/** Text or date answer; for multi items the codes separated by spaces. */
	value_text: string | null;
}

export interface ScoreTable {
	response_id: string;
	scale_key: string;
	score: number | null;
	raw: number | null;
	relevant_items: number;
	answered_items: number;
	prorated: number;
	band: string | null;
}

export interface KioskTable {
	id: string;
	project_id: string;
	site_id: string;
	name: string;
	enrollment_code_hash: string | null;
	enrollment_expires_at: string | null;
	token_hash: string | null;
	enrolled_at: string | null;
	revoked_at: string | null;
	last_seen_at: string | null;
	created_at: string;
}

export interface UserTable {
	id: string;
	email: string;
	name: string;
	password_hash: string;
	role: Role;
	locale: string;
	disabled_at: string | null;
	password_changed_at: Generated<string | null>;
	created_at: string;
	updated_at: string;
}

export interface ProjectMemberTable {
	project_id: string;
	user_id: string;
}

export interface SessionTable {
	/** SHA-256 of the session token; the token itself is only in the cookie. */
	id: string;
	user_id: string;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
}

export interface AuditLogTable {
	id: string;
	at: string;
	actor_user_id: string | null;
	/** Who acted when not a user: 'system', 'cli', 'kiosk:<id>'. */
	actor_label: string | null;
	action: string;
	entity_type: string;
	entity_id: string | null;
	project_id: string | null;
	before: string | null;
	after: string | null;
	reason: string | null;
}

export interface LoginAttemptTable {
	id: string;
	email: string;
	at: string;
	succeeded: number;
}

export interface AnswerCorrectionTable {
	id: string;
	response_id: string;
	item_key: string;
	old_num: number | null;
	old_text: string | null;
	new_num: number | null;
	new_text: string | null;
	reason: string;
	user_id: string;
	at: string;
}

export interface RateLimitTable {
	/** What is counted, e.g. `submit:kiosk:<id>`. */
	key: string;
	window_start: string;
	count: number;
}

/** A declined consent on a kiosk: no personal data, only where and when. */
export interface ConsentRefusalTable {
	id: string;
	project_id: string;
	site_id: string;
	wave_id: string | null;
	kiosk_id: string | null;
	at: string;
}

export interface PanelCodeReservationTable {
	project_id: string;
	panel_code: string;
	kiosk_id: string | null;
	reserved_at: string;
}

export type ApiTokenScope = 'read' | 'write';

/** A personal API token; the token itself is shown once and only its SHA-256 is kept. */
export interface ApiTokenTable {
	id: string;
	user_id: string;
	name: string;
	scope: ApiTokenScope;
	token_hash: string;
	/** The token's first characters (`anju_` and a few more), so its owner can tell tokens apart. */
	token_prefix: string;
	created_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
	/** When the token stops working by itself; null: never. */
	expires_at: string | null;
}

export interface Database {
	projects: ProjectTable;
	sites: SiteTable;
	waves: WaveTable;
	instruments: InstrumentTable;
	instrument_versions: InstrumentVersionTable;
	wave_instruments: WaveInstrumentTable;
	respondents: RespondentTable;
	responses: ResponseTable;
	answers: AnswerTable;
	scores: ScoreTable;
	kiosks: KioskTable;
	users: UserTable;
	project_members: ProjectMemberTable;
	sessions: SessionTable;
	audit_log: AuditLogTable;
	login_attempts: LoginAttemptTable;
	answer_corrections: AnswerCorrectionTable;
	rate_limits: RateLimitTable;
	consent_refusals: ConsentRefusalTable;
	panel_code_reservations: PanelCodeReservationTable;
	api_tokens: ApiTokenTable;
}

export type ProjectRow = Selectable<ProjectTable>;
export type NewProjectRow = Insertable<ProjectTable>;
export type ProjectUpdate = Updateable<ProjectTable>;
export type SiteRow = Selectable<SiteTable>;
export type WaveRow = Selectable<WaveTable>;
export type InstrumentVersionRow = Selectable<InstrumentVersionTable>;
export type RespondentRow = Selectable<RespondentTable>;
export type ResponseRow = Selectable<ResponseTable>;
export type KioskRow = Selectable<KioskTable>;
export type UserRow = Selectable<UserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
