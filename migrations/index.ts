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

export const migrations: Record<string, Migration> = {
	'2026_11_26_0001_projects_sites_waves': m0001,
	'2026_11_26_0002_instruments': m0002,
	'2026_11_26_0003_users_sessions_audit': m0003,
	'2026_11_26_0004_respondents_responses': m0004,
	'2026_11_26_0005_audit_append_only': m0005
};
