#!/usr/bin/env -S npx tsx
/**
 * The `anju` command line: `npm run anju -- <command>`. Each command is a thin shell over
 * src/lib/server functions; errors print one clear line each and exit non-zero.
 */
import { parseArgs } from 'node:util';
import { config } from '../src/lib/server/config';
import { createDb } from '../src/lib/server/db/create-db';
import { migrateToLatest, MigrationError } from '../src/lib/server/db/migrate';
import { loadInstrumentDirectory } from '../src/lib/server/instrument-files';
import { startApp, StartupError } from '../src/lib/server/app';
import { createUser, generatePassword, UserInputError } from '../src/lib/server/users';
import { getProjectBySlug } from '../src/lib/server/projects';
import { getSiteByName, listSites } from '../src/lib/server/sites';
import { createKiosk } from '../src/lib/server/kiosks';
import { InstrumentVersionConflict } from '../src/lib/server/instruments';
import type { Role } from '../src/lib/server/db/schema';

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

Environment: DATABASE_PATH (default data/anju.db), ANJU_INSTRUMENTS_DIR (default instruments).`;

class UsageError extends Error {}
/** A failure the user can act on: printed as one line, exit 1. */
class CliError extends Error {}

async function main(argv: string[]): Promise<number> {
	const [command, sub] = argv;
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
		const db = createDb(cfg.databasePath);
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

function positiveInteger(flag: string, value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
	return n;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		const known = [UsageError, CliError, MigrationError, StartupError, UserInputError, InstrumentVersionConflict].some(
			(E) => error instanceof E
		);
		if (known || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
			console.error(`anju: ${(error as Error).message}`);
			if (error instanceof UsageError) console.error(`\n${USAGE}`);
		} else console.error(error);
		process.exit(error instanceof UsageError ? 2 : 1);
	}
);
