/**
 * `npm run test:postgres`: the integration suite, the fault tests and the two-instance tests once
 * more against a real PostgreSQL server — a throwaway cluster on a loopback port owned by this run
 * (scripts/postgres-cluster.ts), stopped and removed afterwards whatever the outcome. The browser
 * part runs the built server: `npm test` builds it first (in test:e2e).
 *
 * With arguments, runs only those test files (any project), e.g.
 * `npm run test:postgres -- tests/integration/server/responses.spec.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startCluster } from './postgres-cluster';

/** The browser-level specs that take a database: faults (kill -9, replay, malformed input) and two instances. */
const E2E_ON_POSTGRES = ['tests/e2e/faults', 'tests/e2e/postgres'];

const files = process.argv.slice(2);
const runs =
	files.length > 0
		? [files]
		: [
				['--project', 'integration'],
				['--project', 'e2e', ...E2E_ON_POSTGRES]
			];
if (files.length === 0 && !existsSync('build/index.js')) {
	console.error('test:postgres: build/index.js is missing; run `npx vite build` first (npm test does, in test:e2e)');
	process.exit(1);
}

const cluster = await startCluster();
console.log(`PostgreSQL test cluster on 127.0.0.1:${cluster.port}`);
let status = 0;
try {
	for (const args of runs) {
		const result = spawnSync('npx', ['vitest', 'run', ...args], {
			stdio: 'inherit',
			env: { ...process.env, ANJU_TEST_POSTGRES_URL: cluster.url }
		});
		if (result.status !== 0) status = result.status ?? 1;
	}
} finally {
	cluster.stop();
}
process.exit(status);
