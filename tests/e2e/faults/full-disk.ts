/**
 * A disk that fills up under the server, two ways. Preferred: the database on a small tmpfs, filled
 * to the last page by a ballast file (needs `mount`, i.e. root). Otherwise: the server process's
 * file size limit (RLIMIT_FSIZE, set from outside with `prlimit`) lowered to 0, so every write to
 * a file fails as it would on a full disk (EFBIG instead of ENOSPC; SQLite reports SQLITE_FULL or
 * SQLITE_IOERR either way). Both start by checkpointing the WAL to empty, so the very next write
 * needs new space.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { makeTempDir } from '../../helpers/db';
import type { FaultWorld } from './world';

export interface FullDisk {
	/** Where the world's database goes. */
	dir: string;
	fill: (world: FaultWorld) => Promise<void>;
	free: (world: FaultWorld) => Promise<void>;
	dispose: () => void;
}

function run(command: string, args: string[]): boolean {
	return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Moves every committed page into the database file and empties the WAL. */
async function emptyWal(world: FaultWorld): Promise<void> {
	const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(world.db);
	if (rows[0]?.busy !== 0) throw new Error('could not checkpoint the WAL (a reader is active)');
}

/** Writes zeros into `path` until the file system has no block left. */
function fillUp(path: string): void {
	const fd = openSync(path, 'w');
	try {
		for (const size of [1 << 20, 1 << 12, 1]) {
			const chunk = Buffer.alloc(size);
			try {
				for (;;) writeSync(fd, chunk);
			} catch (error) {
				if ((error as { code?: string }).code !== 'ENOSPC') throw error;
			}
		}
	} finally {
		closeSync(fd);
	}
}

function tmpfsDisk(): FullDisk {
	const dir = makeTempDir('anju-tmpfs-');
	if (!run('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', dir])) throw new Error(`cannot mount a tmpfs on ${dir}`);
	const ballast = join(dir, 'ballast');
	return {
		dir,
		fill: async (world) => {
			await emptyWal(world);
			fillUp(ballast);
			const { bavail } = statfsSync(dir);
			if (bavail !== 0) throw new Error(`the tmpfs still has ${bavail} free blocks`);
		},
		free: async () => unlinkSync(ballast),
		dispose: () => {
			run('umount', [dir]);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

function fileSizeLimitDisk(): FullDisk {
	const dir = makeTempDir('anju-fsize-');
	const limit = (world: FaultWorld, value: string) => {
		if (!run('prlimit', ['--pid', String(world.server.pid), `--fsize=${value}`])) throw new Error(`prlimit --fsize=${value} failed`);
	};
	return {
		dir,
		fill: async (world) => {
			await emptyWal(world);
			limit(world, '0:unlimited');
		},
		free: async (world) => limit(world, 'unlimited:unlimited'),
		dispose: () => rmSync(dir, { recursive: true, force: true })
	};
}

/** Whether this process may mount a tmpfs (tried on a scratch folder). */
function canMount(): boolean {
	const dir = makeTempDir('anju-mount-probe-');
	try {
		return run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]) && run('umount', [dir]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface FullDiskKind {
	/** How the disk is filled, for test names. */
	label: string;
	available: boolean;
	make: () => FullDisk;
}

/** The ways to fill a disk, each with whether this machine allows it. */
export const FULL_DISKS: FullDiskKind[] = [
	{ label: 'a full tmpfs', available: canMount(), make: tmpfsDisk },
	{
		label: 'a file size limit of 0 (RLIMIT_FSIZE: the fallback where mount is not permitted)',
		available: run('prlimit', ['--version']),
		make: fileSizeLimitDisk
	}
];
