/**
 * Every migration, in order. A static list rather than `import.meta.glob` because the same
 * provider runs under Vite (server, tests) and under tsx (the `anju` CLI); a unit test checks
 * that every file in this folder is listed here, in name order.
 */
import type { Migration } from 'kysely';
import * as m0001 from './2026_11_26_0001_projects_sites_waves';
import * as m0002 from './2026_11_26_0002_instruments';
import * as m0003 from './2026_11_26_0003_users_sessions_audit';
import * as m0004 from './2026_11_26_0004_respondents_responses';
import * as m0005 from './2026_11_26_0005_audit_append_only';
import * as m0006 from './2026_11_26_0006_login_attempts_and_review';
import * as m0007 from './2026_11_26_0007_rate_limits';
import * as m0008 from './2026_11_26_0008_consent_refusals';
import * as m0009 from './2026_11_26_0009_panel_code_reservations';
import * as m0010 from './2026_11_26_0010_api_tokens';
import * as m0011 from './2026_11_26_0011_api_token_expiry';

export const migrations: Record<string, Migration> = {
	'2026_11_26_0001_projects_sites_waves': m0001,
	'2026_11_26_0002_instruments': m0002,
	'2026_11_26_0003_users_sessions_audit': m0003,
	'2026_11_26_0004_respondents_responses': m0004,
	'2026_11_26_0005_audit_append_only': m0005,
	'2026_11_26_0006_login_attempts_and_review': m0006,
	'2026_11_26_0007_rate_limits': m0007,
	'2026_11_26_0008_consent_refusals': m0008,
	'2026_11_26_0009_panel_code_reservations': m0009,
	'2026_11_26_0010_api_tokens': m0010,
	'2026_11_26_0011_api_token_expiry': m0011
};
