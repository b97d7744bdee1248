/** The scheduled-backup settings of `parseConfig`: off by default, defaults, and fail-fast validation. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '$lib/server/config';

function problems(env: Record<string, string>): string {
	try {
		parseConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error.message;
		throw error;
	}
	throw new Error('parseConfig accepted the environment');
}

describe('scheduled backups in parseConfig', () => {
	it('are off without ANJU_BACKUP_DIR', () => {
		expect(parseConfig({}).backup).toBeUndefined();
	});

	it('default to every 24 hours, keeping 7', () => {
		expect(parseConfig({ ANJU_BACKUP_DIR: '/var/backups/anju' }).backup).toEqual({ dir: '/var/backups/anju', intervalHours: 24, keep: 7 });
	});

	it('read the interval (fractions allowed) and how many to keep', () => {
		expect(parseConfig({ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_INTERVAL_HOURS: '0.5', ANJU_BACKUP_KEEP: '48' }).backup).toEqual({
			dir: 'b',
			intervalHours: 0.5,
			keep: 48
		});
	});

	it.each([
		[{ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_INTERVAL_HOURS: '0' }, /ANJU_BACKUP_INTERVAL_HOURS must be a number of hours above 0.*got '0'/],
		[{ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_INTERVAL_HOURS: 'daily' }, /ANJU_BACKUP_INTERVAL_HOURS .* got 'daily'/],
		[{ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_INTERVAL_HOURS: '1000' }, /at most 720/],
		[{ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_KEEP: '0' }, /ANJU_BACKUP_KEEP must be a whole number from 1 to 1000, got '0'/],
		[{ ANJU_BACKUP_DIR: 'b', ANJU_BACKUP_KEEP: '2.5' }, /ANJU_BACKUP_KEEP .* got '2.5'/],
		[{ ANJU_BACKUP_INTERVAL_HOURS: '6' }, /ANJU_BACKUP_INTERVAL_HOURS is set but ANJU_BACKUP_DIR is not/],
		[{ ANJU_BACKUP_KEEP: '3' }, /ANJU_BACKUP_KEEP is set but ANJU_BACKUP_DIR is not/],
		[{ ANJU_BACKUP_DIR: 'b', DATABASE_URL: 'postgres://u:p@h/anju' }, /with DATABASE_URL use pg_dump/]
	])('refuse %o', (env, message) => {
		expect(problems(env)).toMatch(message);
	});
});
