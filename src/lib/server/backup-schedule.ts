/**
 * Scheduled backups inside the server (ANJU_BACKUP_DIR, ANJU_BACKUP_INTERVAL_HOURS,
 * ANJU_BACKUP_KEEP): `anju-<time>.db` files in the folder, the newest N kept. The schedule follows
 * the newest backup in the folder, so a restart neither skips one nor takes an extra one.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupSchedule } from './config';
import { backupDatabase, timestamp, type DatabaseSummary } from './backup';

const BACKUP_FILE = /^anju-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/;

export interface ScheduledBackup {
	file: string;
	takenAt: Date;
}

/** The scheduled backups in `dir`, newest first; other files are ignored. */
export function listScheduledBackups(dir: string): ScheduledBackup[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names
		.flatMap((name) => {
			const m = BACKUP_FILE.exec(name);
			return m ? [{ file: join(dir, name), takenAt: new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) }] : [];
		})
		.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Milliseconds until the next backup is due: at once when there is none or it is overdue. */
export function nextBackupDelay(schedule: BackupSchedule, now = new Date()): number {
	const newest = listScheduledBackups(schedule.dir)[0];
	if (!newest) return 0;
	return Math.max(0, newest.takenAt.getTime() + schedule.intervalHours * 3_600_000 - now.getTime());
}

/** Takes one backup into the folder and removes all but the newest `keep`; returns it and the files removed. */
export async function takeScheduledBackup(
	databasePath: string,
	schedule: BackupSchedule,
	now = new Date()
): Promise<{ backup: DatabaseSummary; removed: string[] }> {
	mkdirSync(schedule.dir, { recursive: true });
	const backup = await backupDatabase(databasePath, join(schedule.dir, `anju-${timestamp(now)}.db`));
	const removed = listScheduledBackups(schedule.dir)
		.slice(schedule.keep)
		.map(({ file }) => file);
	for (const file of removed) rmSync(file, { force: true });
	return { backup, removed };
}

/** A failed backup is tried again after this long, or after the interval when that is shorter. */
const RETRY_MS = 3_600_000;

/** Runs scheduled backups until the returned function is called; the timer never keeps the process alive. */
export function startBackupSchedule(databasePath: string, schedule: BackupSchedule): () => void {
	let timer: ReturnType<typeof setTimeout>;
	const plan = (delay: number) => {
		timer = setTimeout(run, delay);
		timer.unref();
	};
	const run = async () => {
		try {
			const { backup, removed } = await takeScheduledBackup(databasePath, schedule);
			const older = removed.length > 0 ? `; removed ${removed.length} older` : '';
			console.log(`Backup ${backup.path}: ${backup.bytes} bytes, ${backup.counts?.responses ?? 0} responses${older}`);
			// At least a minute apart, whatever the clock does.
			plan(Math.max(nextBackupDelay(schedule), 60_000));
		} catch (error) {
			console.error(`Scheduled backup to ${schedule.dir} failed: ${error instanceof Error ? error.message : String(error)}`);
			plan(Math.min(RETRY_MS, schedule.intervalHours * 3_600_000));
		}
	};
	plan(nextBackupDelay(schedule));
	return () => clearTimeout(timer);
}
