/** Valid submissions for tests that need stored responses without caring about their answers. */
import { randomUUID } from 'node:crypto';
import type { Db } from '$lib/server/db/create-db';
import type { Answers } from '$lib/instruments/types';
import { recordSubmission, type Receipt } from '$lib/server/responses';
import { createUser, type User } from '$lib/server/users';
import type { SeededProject } from './db';
import { newPanelCode } from './visits';

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

/** Where a submission goes. */
export interface SubmissionTarget {
	waveId: string;
	siteId: string;
	instrumentVersionId: string;
}

/** A submission as a device sends it; tests may add or break any field. */
export type SubmissionBody = { id: string; panelCode: string; answers: Answers } & Record<string, unknown>;

/** The seeded project's baseline wave at its project site, for one instrument of the library. */
export function baselineTarget(seeded: SeededProject, instrumentKey = 'community-identity'): SubmissionTarget {
	const instrumentVersionId = seeded.versionIds[instrumentKey];
	if (!instrumentVersionId) throw new Error(`instrument ${instrumentKey} is not seeded`);
	return { waveId: seeded.baselineWaveId, siteId: seeded.projectSiteId, instrumentVersionId };
}

/**
 * A complete kiosk submission of `answers` to `target` under a new UUID and panel code, in Simplified
 * Chinese, consented and finished on 2 March 2026; `overrides` replace or add any field.
 */
export function submissionBody(target: SubmissionTarget, answers: Answers, overrides: Record<string, unknown> = {}): SubmissionBody {
	return {
		id: randomUUID(),
		waveId: target.waveId,
		siteId: target.siteId,
		instrumentVersionId: target.instrumentVersionId,
		panelCode: newPanelCode(),
		mode: 'kiosk',
		language: 'zh-Hans',
		consentAt: '2026-03-02T01:59:00.000Z',
		startedAt: '2026-03-02T02:00:00.000Z',
		completedAt: '2026-03-02T02:06:30.000Z',
		status: 'complete',
		answers,
		...overrides
	};
}

/** Stores one community-identity response in the seeded baseline wave (project site unless overridden). */
export function submitIdentityResponse(db: Db, seeded: SeededProject, overrides: Record<string, unknown> = {}): Promise<Receipt> {
	return recordSubmission(db, submissionBody(baselineTarget(seeded), IDENTITY_ANSWERS, overrides));
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
