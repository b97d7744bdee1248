/**
 * The environment, read once. A bad value stops the process with a message naming the variable.
 * Used by the server (hooks) and the `anju` CLI alike, so it reads `process.env` directly.
 */

export interface Config {
	port: number;
	host: string;
	databasePath: string;
	/** `postgres://…` selects PostgreSQL instead of the SQLite file at `databasePath`. */
	databaseUrl: string | undefined;
	/** Public origin, e.g. https://anju.example.org; adapter-node also reads ORIGIN. */
	origin: string | undefined;
	adminEmail: string | undefined;
	adminPassword: string | undefined;
	/** Folder of instrument YAML files. */
	instrumentsDir: string;
	/** Folder served as static files (icons and recorded audio are checked there). */
	staticDir: string;
	/** A staff session ends after this long without a request. */
	sessionIdleHours: number;
	/** A staff session ends this long after login, however active. */
	sessionMaxDays: number;
	/** Scheduled backups inside the server; undefined when ANJU_BACKUP_DIR is not set. */
	backup: BackupSchedule | undefined;
}

export interface BackupSchedule {
	dir: string;
	intervalHours: number;
	/** How many of the newest backups to keep. */
	keep: number;
}

export class ConfigError extends Error {}

/** What `createDb` opens: DATABASE_URL when set (PostgreSQL), else the SQLite file. */
export function databaseTarget(cfg: Pick<Config, 'databaseUrl' | 'databasePath'>): string {
	return cfg.databaseUrl ?? cfg.databasePath;
}

/** Parses an environment; throws ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
	const problems: string[] = [];
	const port = Number(env.PORT || '3000');
	if (!/^\d+$/.test(env.PORT || '3000') || port < 1 || port > 65535)
		problems.push(`PORT must be a whole number from 1 to 65535, got '${env.PORT}'`);
	const origin = env.ORIGIN || undefined;
	if (origin && !/^https?:\/\/[^/\s]+$/.test(origin))
		problems.push(`ORIGIN must look like https://host[:port] with no path, got '${origin}'`);
	const adminEmail = env.ANJU_ADMIN_EMAIL || undefined;
	if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push(`ANJU_ADMIN_EMAIL is not an e-mail address: '${adminEmail}'`);
	const adminPassword = env.ANJU_ADMIN_PASSWORD || undefined;
	if (adminPassword !== undefined && adminPassword.length < 12) problems.push('ANJU_ADMIN_PASSWORD must be at least 12 characters');
	if (adminPassword && !adminEmail) problems.push('ANJU_ADMIN_PASSWORD is set but ANJU_ADMIN_EMAIL is not');
	const databasePath = env.DATABASE_PATH || 'data/anju.db';
	const databaseUrl = env.DATABASE_URL || undefined;
	if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
		problems.push(
			`DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database), got '${databaseUrl.replace(/:[^:@/]*@/, ':***@')}'`
		);
	const sessionIdleHours = Number(env.ANJU_SESSION_IDLE_HOURS || '8');
	if (!(sessionIdleHours > 0 && sessionIdleHours <= 24 * 30))
		problems.push(`ANJU_SESSION_IDLE_HOURS must be a number of hours above 0 (at most 720), got '${env.ANJU_SESSION_IDLE_HOURS}'`);
	const sessionMaxDays = Number(env.ANJU_SESSION_MAX_DAYS || '7');
	if (!(sessionMaxDays > 0 && sessionMaxDays <= 90))
		problems.push(`ANJU_SESSION_MAX_DAYS must be a number of days above 0 (at most 90), got '${env.ANJU_SESSION_MAX_DAYS}'`);
	const backup = parseBackupSchedule(env, problems);
	if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	return {
		port,
		host: env.HOST || '0.0.0.0',
		databasePath,
		databaseUrl,
		origin,
		adminEmail,
		adminPassword,
		instrumentsDir: env.ANJU_INSTRUMENTS_DIR || 'instruments',
		staticDir: env.ANJU_STATIC_DIR || 'static',
		sessionIdleHours,
		sessionMaxDays,
		backup
	};
}

function parseBackupSchedule(env: Record<string, string | undefined>, problems: string[]): BackupSchedule | undefined {
	const dir = env.ANJU_BACKUP_DIR || undefined;
	const intervalHours = Number(env.ANJU_BACKUP_INTERVAL_HOURS || '24');
	const keep = Number(env.ANJU_BACKUP_KEEP || '7');
	if (!(intervalHours > 0 && intervalHours <= 24 * 30))
		problems.push(`ANJU_BACKUP_INTERVAL_HOURS must be a number of hours above 0 (at most 720), got '${env.ANJU_BACKUP_INTERVAL_HOURS}'`);
	if (!(Number.isInteger(keep) && keep >= 1 && keep <= 1000))
		problems.push(`ANJU_BACKUP_KEEP must be a whole number from 1 to 1000, got '${env.ANJU_BACKUP_KEEP}'`);
	if (!dir) {
		for (const name of ['ANJU_BACKUP_INTERVAL_HOURS', 'ANJU_BACKUP_KEEP'])
			if (env[name]) problems.push(`${name} is set but ANJU_BACKUP_DIR is not; set the folder for scheduled backups`);
		return undefined;
	}
	if (env.DATABASE_URL) problems.push('ANJU_BACKUP_DIR backs up the SQLite file; with DATABASE_URL use pg_dump instead');
	return { dir, intervalHours, keep };
}

let cached: Config | undefined;

/** The process's configuration (parsed on first use); exits with a clear message when invalid. */
export function config(): Config {
	if (cached) return cached;
	try {
		cached = parseConfig(process.env);
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(error.message);
		process.exit(1);
	}
	return cached;
}
