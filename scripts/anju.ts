#!/usr/bin/env -S npx tsx
/**
 * The `anju` command line: `npm run anju -- <command>`. Each command is a thin shell over
 * src/lib/server functions; errors print one clear line each and exit non-zero.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config, databaseTarget } from '../src/lib/server/config';
import { createDb, isPostgresUrl } from '../src/lib/server/db/create-db';
import { copyDatabase, CopyError } from '../src/lib/server/db/copy';
import { migrateToLatest, MigrationError } from '../src/lib/server/db/migrate';
import { loadInstrumentDirectory } from '../src/lib/server/instrument-files';
import { startApp, StartupError } from '../src/lib/server/app';
import { createUser, generatePassword, UserInputError } from '../src/lib/server/users';
import { getProjectBySlug } from '../src/lib/server/projects';
import { getSiteByName, listSites } from '../src/lib/server/sites';
import { createKiosk } from '../src/lib/server/kiosks';
import { InstrumentVersionConflict } from '../src/lib/server/instruments';
import type { Role } from '../src/lib/server/db/schema';
import { koboCommand, xlsformCommand } from '../src/lib/server/imports/cli';
import { applyRestore, BackupError, backupDatabase, cancelRestore, prepareRestore, type DatabaseSummary } from '../src/lib/server/backup';

const USAGE = `Usage: npm run anju -- <command> [options]

Commands:
  migrate                                  apply pending database migrations
  demo [--respondents N] [--seed S]        seed the demo project (once; N baseline respondents, default 600)
  user create --email E --role R [--name N] [--password P]
                                           add a staff user (role: admin | coordinator | evaluator);
                                           without --password a strong one is generated and printed
  kiosk create --project SLUG --site NAME [--name KIOSK]
                                           register a kiosk and print its one-time enrollment code
  instruments check [--dir DIR]            validate the instrument library and print every error
  xlsform import <file.xlsx> [--out FILE.yaml] [--language TAG]
                                           convert a KoboToolbox/ODK XLSForm into an instrument file for review
  xlsform export <key> <out.xlsx>          write the library's instrument as an XLSForm workbook
  kobo import <file.csv> --project SLUG --wave NAME --code-column COL (--site NAME | --site-column COL)
       [--xlsform FORM.xlsx] [--instrument KEY] [--ignore-unknown-columns] [--dry-run] [--only-valid]
                                           import KoboToolbox responses (CSV, XML values and headers) into a wave
  backup <file>                            copy the database to a new file while Anju runs, and check the copy
  copy --from <sqlite file> --to <postgres url>
                                           move an installation to an empty PostgreSQL database
                                           and verify row counts and a checksum of every table
  restore <file> [--yes]                   replace the database with a backup (the server must be stopped);
                                           asks to type yes unless --yes, keeps <db>.before-restore-<time>

Environment: DATABASE_PATH (default data/anju.db) or DATABASE_URL (postgres://…), ANJU_INSTRUMENTS_DIR (default instruments).`;

class UsageError extends Error {}
/** A failure the user can act on: printed as one line, exit 1. */
class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
	const [command, sub] = argv;
	if (command === 'backup' || command === 'restore') return backupCommand(command, argv.slice(1));
	if (command === 'copy') return copyCommand(argv.slice(1));
	if (command === 'xlsform') return xlsformCommand(argv.slice(1), config());
	if (command === 'kobo') return koboCommand(argv.slice(1), config());
	const { values } = parseArgs({
		args: argv.slice(command === 'user' || command === 'kiosk' || command === 'instruments' ? 2 : 1),
		options: {
			respondents: { type: 'string' },
			seed: { type: 'string' },
			email: { type: 'string' },
			name: { type: 'string' },
			role: { type: 'string' },
			password: { type: 'string' },
			project: { type: 'string' },
			site: { type: 'string' },
			dir: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true
	});
	if (!command || values.help || command === 'help') {
		console.log(USAGE);
		return command ? 0 : 2;
	}
	const cfg = config();

	if (command === 'instruments' && sub === 'check') {
		const dir = values.dir ?? cfg.instrumentsDir;
		const { instruments, errors } = loadInstrumentDirectory(dir, cfg.staticDir);
		for (const error of errors) console.error(error);
		for (const loaded of instruments)
			console.log(`ok  ${loaded.file}  ${loaded.instrument.key} ${loaded.instrument.version}  ${loaded.hash.slice(0, 12)}`);
		console.log(errors.length === 0 ? `${instruments.length} instrument(s), no errors.` : `${errors.length} error(s).`);
		return errors.length === 0 ? 0 : 1;
	}

	if (command === 'migrate') {
		const db = createDb(databaseTarget(cfg));
		try {
			const applied = await migrateToLatest(db);
			console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
		} finally {
			await db.destroy();
		}
		return 0;
	}

	const { db, library } = await startApp(cfg);
	try {
		if (command === 'demo') {
			const respondents = values.respondents === undefined ? undefined : positiveInteger('--respondents', values.respondents);
			const seed = values.seed === undefined ? undefined : positiveInteger('--seed', values.seed);
			const started = Date.now();
			// Loaded lazily: the demo model is only needed by this command.
			const { seedDemo, DemoExistsError } = await import('../src/lib/server/demo/seed');
			const summary = await seedDemo(db, library, { respondents, seed }).catch((error: unknown) => {
				throw error instanceof DemoExistsError ? new CliError(error.message) : error;
			});
			console.log(
				`Demo project '${summary.project.slug}': ${summary.respondents} respondents, ${summary.responses} responses, ${summary.answers} answers in ${((Date.now() - started) / 1000).toFixed(1)} s.`
			);
			return 0;
		}
		if (command === 'user' && sub === 'create') {
			if (!values.email) throw new UsageError('user create needs --email');
			const role = values.role as Role | undefined;
			if (!role || !['admin', 'coordinator', 'evaluator'].includes(role))
				throw new UsageError('user create needs --role admin|coordinator|evaluator');
			const password = values.password ?? generatePassword();
			const user = await createUser(db, { email: values.email, name: values.name ?? values.email, password, role }, 'cli');
			console.log(`Created ${user.role} ${user.email}${values.password ? '' : `\nPassword (shown only this once): ${password}`}`);
			return 0;
		}
		if (command === 'kiosk' && sub === 'create') {
			if (!values.project || !values.site) throw new UsageError('kiosk create needs --project <slug> and --site <name>');
			const project = await getProjectBySlug(db, values.project);
			if (!project) throw new CliError(`no project with slug '${values.project}'`);
			const site = await getSiteByName(db, project.id, values.site);
			if (!site) {
				const names = (await listSites(db, project.id)).map((s) => `'${s.name}'`).join(', ');
				throw new CliError(`project '${project.slug}' has no site '${values.site}' (sites: ${names || 'none'})`);
			}
			const created = await createKiosk(db, { projectId: project.id, siteId: site.id, name: values.name ?? `${site.name} kiosk` }, 'cli');
			console.log(`Kiosk ${created.kiosk.id} for ${project.slug} / ${site.name}`);
			console.log(`Enrollment code: ${created.enrollmentCode}  (one-time, valid until ${created.expiresAt})`);
			return 0;
		}
		throw new UsageError(`unknown command '${argv.join(' ')}'`);
	} finally {
		await db.destroy();
	}
}

/** `backup <file>` and `restore <file> [--yes]`: SQLite only, and without opening the database first. */
async function backupCommand(command: 'backup' | 'restore', args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({ args, options: { yes: { type: 'boolean' } }, allowPositionals: true, strict: true });
	const [file, ...extra] = positionals;
	if (!file || extra.length > 0 || (command === 'backup' && values.yes)) throw new UsageError(`${command} needs one file name`);
	const cfg = config();
	if (cfg.databaseUrl) throw new CliError(`${command} works on the SQLite file; for PostgreSQL use pg_dump and pg_restore`);
	if (command === 'backup') {
		const backup = await backupDatabase(cfg.databasePath, file);
		console.log(`Backup ${backup.path}: ${describe(backup)}; integrity check ok.`);
		return 0;
	}
	const plan = await prepareRestore(file, cfg.databasePath);
	console.log(`Restore ${file}: ${describe(plan.restored)}; integrity check ok.`);
	console.log(plan.current ? `It replaces ${plan.target}: ${describe(plan.current)}.` : `There is no database at ${plan.target} yet.`);
	if (plan.pendingMigrations.length > 0) console.log(`Migrations to apply on the next start: ${plan.pendingMigrations.join(', ')}.`);
	if (!values.yes && (await ask('Type yes to restore: ')) !== 'yes') {
		cancelRestore(plan);
		console.log('Nothing changed.');
		return 1;
	}
	const safetyCopy = await applyRestore(plan);
	console.log(`Restored ${plan.target}.${safetyCopy ? ` The database it replaced is kept as ${safetyCopy}.` : ''}`);
	return 0;
}

/** `copy --from <sqlite file> --to <postgres url>`: moves an installation, then verifies every table. */
async function copyCommand(args: string[]): Promise<number> {
	const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
	if (!values.from || !values.to) throw new UsageError('copy needs --from <SQLite file> and --to <postgres://… URL>');
	if (isPostgresUrl(values.from) || !existsSync(values.from))
		throw new CliError(`--from must be an existing SQLite file, got '${values.from}'`);
	if (!isPostgresUrl(values.to)) throw new CliError(`--to must be a postgres:// URL, got '${values.to}'`);
	const source = createDb(values.from);
	const target = createDb(values.to);
	try {
		const reports = await copyDatabase(source, target, (line) => console.log(line));
		console.log('\ntable                       rows (source → target)   checksum (source → target)');
		for (const r of reports)
			console.log(
				`${r.ok ? 'ok ' : 'BAD'} ${r.table.padEnd(24)} ${`${r.sourceRows} → ${r.targetRows}`.padEnd(24)} ${r.sourceChecksum} → ${r.targetChecksum}`
			);
		const bad = reports.filter((r) => !r.ok);
		console.log(
			bad.length === 0 ? `All ${reports.length} tables verified.` : `${bad.length} table(s) differ: ${bad.map((r) => r.table).join(', ')}`
		);
		return bad.length === 0 ? 0 : 1;
	} finally {
		await source.destroy();
		await target.destroy();
	}
}

function describe(db: DatabaseSummary): string {
	const counts = db.counts
		? `${db.counts.projects} projects, ${db.counts.respondents} respondents, ${db.counts.responses} responses, ${db.counts.answers} answers`
		: '';
	return `${(db.bytes / 1048576).toFixed(1)} MB, ${counts}`;
}

/** One line typed at the terminal; '' when stdin is not a terminal or closes. */
async function ask(question: string): Promise<string> {
	const { createInterface } = await import('node:readline/promises');
	const terminal = createInterface({ input: process.stdin, output: process.stdout });
	try {
		return (await terminal.question(question)).trim();
	} catch {
		return '';
	} finally {
		terminal.close();
	}
}

function positiveInteger(flag: string, value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
	return n;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		const known = [
			UsageError,
			CliError,
			MigrationError,
			StartupError,
			UserInputError,
			InstrumentVersionConflict,
			BackupError,
			CopyError
		].some((E) => error instanceof E);
		if (known || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
			console.error(`anju: ${(error as Error).message}`);
			if (error instanceof UsageError) console.error(`\n${USAGE}`);
		} else console.error(error);
		process.exit(error instanceof UsageError ? 2 : 1);
	}
);
