/**
 * `npm run test:postgres`: the integration suite once more, against a real PostgreSQL server — a
 * throwaway cluster on a loopback port owned by this run (scripts/postgres-cluster.ts), stopped
 * and removed afterwards whatever the outcome. Extra arguments go to Vitest (a file filter, say).
 */
import { spawnSync } from 'node:child_process';
import { startCluster } from './postgres-cluster';

const cluster = await startCluster();
console.log(`PostgreSQL test cluster on 127.0.0.1:${cluster.port}`);
let status = 1;
try {
	const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, ANJU_TEST_POSTGRES_URL: cluster.url }
	});
	status = result.status ?? 1;
} finally {
	cluster.stop();
}
process.exit(status);
