/**
 * Long work on the server's one thread (a large export, an indicator set) pauses here between its
 * steps, so that requests that came in meanwhile (kiosks' submissions) are taken first.
 */

/**
 * Resolves after the event loop has polled for I/O at least once. One setImmediate is not enough:
 * called while handling I/O, it runs in the same turn, before any other request is read.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Runs `steps` to the end, letting the event loop take other work after each step. */
export async function runInSteps<T>(steps: Generator<void, T>): Promise<T> {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		await yieldToEventLoop();
	}
}
