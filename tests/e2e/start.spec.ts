/**
 * The README's start command on an empty database: builds only when needed, migrates, seeds the
 * demo project, prints the admin login once and serves the built app.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDb } from '$lib/server/db/create-db';
import { makeTempDir } from '../helpers/db';
import { loginCookie } from './helpers/login';
import { freePort } from './helpers/server';

const dir = makeTempDir('anju-start-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runStart(env: Record<string, string>): Promise<{ output: string; stop: () => Promise<void> }> {
	const child = spawn('npx', ['tsx', 'scripts/start.ts'], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let output = '';
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	const stop = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		process.kill(-child.pid!, 'SIGTERM');
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`npm start did not listen within 90 s:\n${output}`)), 90_000);
		child.stdout.on('data', () => {
			if (output.includes('Listening on')) {
				clearTimeout(timer);
				resolve({ output, stop });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`npm start exited with ${code}:\n${output}`));
		});
	});
}

it('starts on an empty database with the demo project and the admin login printed once', async () => {
	const port = await freePort();
	const env = { PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'anju.db') };
	const first = await runStart(env);
	try {
		expect(first.output).not.toContain('Building Anju'); // npm run test:e2e has just built it
		expect(first.output).toMatch(/First admin account: admin@localhost\nGenerated password \(shown only this once\): \S{20}/);
		expect(first.output).toContain('seeding the demo project');
		const response = await fetch(`http://127.0.0.1:${port}/instruments`);
		expect(response.status).toBe(200);
		// The printed login works: a form post from the served origin is accepted.
		const password = first.output.match(/Generated password \(shown only this once\): (\S+)/)?.[1] ?? '';
		expect(await loginCookie(`http://127.0.0.1:${port}`, 'admin@localhost', password)).toMatch(/^anju_session=./);
	} finally {
		await first.stop();
	}

	const db = createDb(env.DATABASE_PATH);
	try {
		const project = await db.selectFrom('projects').select(['id', 'slug']).executeTakeFirstOrThrow();
		expect(project.slug).toBe('demo');
		const sites = await db.selectFrom('sites').select(['arm']).where('project_id', '=', project.id).execute();
		expect(sites.map((s) => s.arm).sort()).toEqual(['comparison', 'comparison', 'project', 'project']);
		expect(await db.selectFrom('waves').select('id').where('project_id', '=', project.id).execute()).toHaveLength(3);
		const { n } = await db
			.selectFrom('responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(n)).toBeGreaterThan(5000);
	} finally {
		await db.destroy();
	}

	// A second start finds the data in place: no second demo, no second password.
	const second = await runStart(env);
	try {
		expect(second.output).not.toContain('Generated password');
		expect(second.output).not.toContain('seeding the demo project');
	} finally {
		await second.stop();
	}
});
