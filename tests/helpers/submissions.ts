/** Valid submissions for tests that need stored responses without caring about their answers. */
import { randomUUID } from 'node:crypto';
import type { Db } from '$lib/server/db/create-db';
import { recordSubmission, type Receipt } from '$lib/server/responses';
import { generatePanelCode } from '$lib/panel-code';
import { createUser, type User } from '$lib/server/users';
import type { SeededProject } from './db';

/** A complete community-identity response (every item answered). */
export const IDENTITY_ANSWERS = {
	bscs_1: 4,
	bscs_2: 5,
	bscs_3: 3,
	bscs_4: 4,
	bel_guest: 2,
	bscs_5: 3,
	bscs_6: 2,
	bscs_7: 5,
	bscs_8: 4,
	bel_leave: 1
};

/** Stores one community-identity response in the seeded baseline wave (project site unless overridden). */
export function submitIdentityResponse(db: Db, seeded: SeededProject, overrides: Record<string, unknown> = {}): Promise<Receipt> {
	return recordSubmission(db, {
		id: randomUUID(),
		waveId: seeded.baselineWaveId,
		siteId: seeded.projectSiteId,
		instrumentVersionId: seeded.versionIds['community-identity'],
		panelCode: generatePanelCode(Math.random),
		mode: 'kiosk',
		language: 'zh-Hans',
		consentAt: '2026-03-02T01:59:00.000Z',
		startedAt: '2026-03-02T02:00:00.000Z',
		completedAt: '2026-03-02T02:06:30.000Z',
		status: 'complete',
		answers: IDENTITY_ANSWERS,
		...overrides
	});
}

let userCounter = 0;

/** A coordinator account to act as in audited changes. */
export function createCoordinator(db: Db): Promise<User> {
	const n = ++userCounter;
	return createUser(db, {
		email: `coordinator${n}@example.org`,
		name: `Coordinator ${n}`,
		password: 'correct horse battery',
		role: 'coordinator'
	});
}
