/**
 * Scheduled backups in the built server: with ANJU_BACKUP_DIR set and no backup in the folder yet,
 * the server takes one soon after start (on a worker thread inside the bundle) and logs it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/server';
import { makeTempDir } from '../helpers/db';

let server: RunningServer;
let backupDir: string;
beforeAll(async () => {
	backupDir = makeTempDir('anju-e2e-backups-');
	server = await startServer({ ANJU_BACKUP_DIR: backupDir, ANJU_BACKUP_INTERVAL_HOURS: '6', ANJU_BACKUP_KEEP: '2' });
});
afterAll(async () => {
	await server?.stop();
	rmSync(backupDir, { recursive: true, force: true });
});

describe('scheduled backups', () => {
	it('start with a sound backup of the database, logged', async () => {
		await expect.poll(() => readdirSync(backupDir).filter((f) => /^anju-\d{8}T\d{6}Z\.db$/.test(f)), { timeout: 20_000 }).toHaveLength(1);
		await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/Backup .*anju-\d{8}T\d{6}Z\.db: \d+ bytes, 0 responses/);
		const [file] = readdirSync(backupDir);
		const copy = new SQLite(join(backupDir, file!), { readonly: true, fileMustExist: true });
		try {
			expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(copy.prepare('select count(*) from kysely_migration').pluck().get()).toBeGreaterThan(0);
		} finally {
			copy.close();
		}
	});
});
