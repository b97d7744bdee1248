import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInSteps, yieldToEventLoop } from '$lib/server/event-loop';

/** Other work that is due: a timer, made due at once by waiting out its 1 ms minimum. */
function otherWork(seen: string[], name: string): void {
	setTimeout(() => seen.push(name), 0);
	const start = performance.now();
	while (performance.now() - start < 3);
}

/** Runs `body` inside an I/O callback, where a request's handler runs. */
function duringIo<T>(body: () => Promise<T>): Promise<T> {
	return new Promise((resolve, reject) => stat('.', () => body().then(resolve, reject)));
}

describe('yieldToEventLoop', () => {
	it('called while handling I/O, lets the loop go round before it resolves (a timer due now runs first)', async () => {
		const order = await duringIo(async () => {
			const seen: string[] = [];
			otherWork(seen, 'timer');
			await yieldToEventLoop();
			seen.push('resumed');
			return seen;
		});
		expect(order).toEqual(['timer', 'resumed']);
	});
});

describe('runInSteps', () => {
	it("gives the generator's result, letting other work in between its steps", async () => {
		const seen: string[] = [];
		function* steps(): Generator<void, number> {
			seen.push('step 1');
			yield;
			seen.push('step 2');
			yield;
			return 42;
		}
		const result = await duringIo(async () => {
			otherWork(seen, 'other work');
			return runInSteps(steps());
		});
		expect(result).toBe(42);
		expect(seen).toEqual(['step 1', 'other work', 'step 2']);
	});

	it('rejects with what a step throws', async () => {
		function* failing(): Generator<void, number> {
			yield;
			throw new Error('no site x in this project');
		}
		await expect(runInSteps(failing())).rejects.toThrow('no site x');
	});
});
