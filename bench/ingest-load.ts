/**
 * The two loads of the ingest benchmark: autocannon posting submissions (a fresh body and the next
 * kiosk of the submission's site on every request, every receipt recorded), and the staff reads
 * that run beside it — an evaluator's indicator request and an export, repeated until stopped.
 */
import autocannon from 'autocannon';
import { freshSubmission, roundRobin, type Device, type SubmissionTemplate } from './ingest-world';

export interface SubmissionLoad {
	connections: number;
	durationSeconds: number;
	/** Submissions per second across all connections; unset = as fast as the server answers. */
	overallRate?: number;
}

export interface LoadResult {
	result: autocannon.Result;
	/** Receipts of new responses (status 200, `replay: false`): UUID → answers sent. */
	acknowledged: Map<string, number>;
	/** Responses by status code; `replay` counts 200s that claimed a replay (there should be none). */
	statuses: Map<string, number>;
}

/** Posts submissions from the templates in turn, each from the next enrolled kiosk of its site. */
export async function driveSubmissions(
	baseUrl: string,
	templates: SubmissionTemplate[],
	devices: Map<string, Device[]>,
	load: SubmissionLoad
): Promise<LoadResult> {
	const nextTemplate = roundRobin(templates);
	const nextDevice = new Map([...devices].map(([siteId, list]) => [siteId, roundRobin(list)]));
	const sent = new Map<string, number>();
	const acknowledged = new Map<string, number>();
	const statuses = new Map<string, number>();
	const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
	const result = await autocannon({
		url: `${baseUrl}/api/v1/submissions`,
		connections: load.connections,
		duration: load.durationSeconds,
		overallRate: load.overallRate,
		requests: [
			{
				method: 'POST',
				setupRequest: (request) => {
					const template = nextTemplate();
					const device = nextDevice.get(template.siteId)!();
					const body = freshSubmission(template);
					sent.set(body.id, template.answers);
					return {
						...request,
						headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
						body: JSON.stringify(body)
					};
				},
				onResponse: (status, body) => {
					if (status !== 200) return void count(String(status));
					const receipt = JSON.parse(body) as { id: string; replay: boolean };
					if (receipt.replay) return void count('replay');
					count('200');
					acknowledged.set(receipt.id, sent.get(receipt.id)!);
				}
			}
		]
	});
	return { result, acknowledged, statuses };
}

export interface SideRequests {
	name: string;
	/** Null when the route does not exist (404 on the first request). */
	requests: number | null;
	failures: string[];
	latenciesMs: number[];
	bytes: number;
}

/** Repeats a GET with a pause between requests until `stop` resolves; records each one's latency. */
export async function repeatGet(
	name: string,
	url: string,
	headers: Record<string, string>,
	pauseMs: number,
	stop: Promise<void>
): Promise<SideRequests> {
	let stopped = false;
	void stop.then(() => (stopped = true));
	const outcome: SideRequests = { name, requests: 0, failures: [], latenciesMs: [], bytes: 0 };
	while (!stopped) {
		const started = performance.now();
		const response = await fetch(url, { headers });
		const body = await response.arrayBuffer();
		if (response.status === 404 && outcome.latenciesMs.length === 0) return { ...outcome, requests: null };
		outcome.latenciesMs.push(performance.now() - started);
		outcome.bytes = body.byteLength;
		if (response.status !== 200) outcome.failures.push(`${response.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
		await Promise.race([new Promise((resolve) => setTimeout(resolve, pauseMs)), stop]);
	}
	return { ...outcome, requests: outcome.latenciesMs.length };
}
