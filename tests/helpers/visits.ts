/**
 * Valid submissions for review and fieldwork tests: one response per instrument of a visit,
 * stored through `recordSubmission` like a kiosk's.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '$lib/server/db/create-db';
import { recordSubmission } from '$lib/server/responses';
import type { Answers } from '$lib/instruments/types';
import { generatePanelCode } from '$lib/panel-code';

let panelSeed = 1;
/** A distinct, valid panel code per call (deterministic across runs). */
export function newPanelCode(): string {
	let state = panelSeed++ * 104729;
	return generatePanelCode(() => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	});
}

export interface VisitInput {
	panelCode: string;
	waveId: string;
	siteId: string;
	/** Instrument version ids, one response each. */
	versionIds: string[];
	status?: 'complete' | 'partial';
	/** Status per response, overriding `status` (same order as versionIds). */
	statuses?: ('complete' | 'partial')[];
	mode?: 'kiosk' | 'interviewer';
	kioskId?: string;
	interviewerId?: string;
	startedAt?: string;
	/** Answers per version id; none answered by default (the library requires no item). */
	answers?: Record<string, Answers>;
}

/** Stores one response per instrument; returns their ids in order. */
export async function recordVisit(db: Db, visit: VisitInput): Promise<string[]> {
	const startedAt = visit.startedAt ?? '2026-03-02T02:00:00.000Z';
	const ids: string[] = [];
	for (const [i, versionId] of visit.versionIds.entries()) {
		const id = randomUUID();
		const status = visit.statuses?.[i] ?? visit.status ?? 'complete';
		await recordSubmission(db, {
			id,
			waveId: visit.waveId,
			siteId: visit.siteId,
			instrumentVersionId: versionId,
			panelCode: visit.panelCode,
			mode: visit.mode ?? 'kiosk',
			language: 'zh-Hans',
			consentAt: startedAt,
			startedAt,
			completedAt: status === 'complete' ? startedAt : null,
			status,
			kioskId: visit.kioskId ?? null,
			interviewerId: visit.interviewerId ?? null,
			answers: visit.answers?.[versionId] ?? {}
		});
		ids.push(id);
	}
	return ids;
}
