import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '$lib/server/config';

/** The ConfigError `parseConfig` throws for `env`. */
function configError(env: Record<string, string | undefined>): ConfigError {
	try {
		parseConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}
	throw new Error('parseConfig accepted the environment');
}

const PASSWORD = 'correct horse battery';

describe('parseConfig', () => {
	it('applies defaults to an empty environment', () => {
		expect(parseConfig({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			databasePath: 'data/anju.db',
			origin: undefined,
			adminEmail: undefined,
			adminPassword: undefined,
			instrumentsDir: 'instruments',
			staticDir: 'static',
			sessionIdleHours: 8,
			sessionMaxDays: 7
		});
	});

	it('treats empty strings as unset', () => {
		expect(parseConfig({ DATABASE_PATH: '', ORIGIN: '', HOST: '', ANJU_ADMIN_EMAIL: '', ANJU_ADMIN_PASSWORD: '' })).toEqual(
			parseConfig({})
		);
	});

	it('reads every variable', () => {
		expect(
			parseConfig({
				PORT: '8080',
				HOST: '127.0.0.1',
				DATABASE_PATH: '/var/lib/anju/anju.db',
				ORIGIN: 'https://anju.example.org:8443',
				ANJU_ADMIN_EMAIL: 'admin@example.org',
				ANJU_ADMIN_PASSWORD: PASSWORD,
				ANJU_INSTRUMENTS_DIR: '/srv/instruments',
				ANJU_STATIC_DIR: '/srv/static',
				ANJU_SESSION_IDLE_HOURS: '12',
				ANJU_SESSION_MAX_DAYS: '3'
			})
		).toEqual({
			port: 8080,
			host: '127.0.0.1',
			databasePath: '/var/lib/anju/anju.db',
			origin: 'https://anju.example.org:8443',
			adminEmail: 'admin@example.org',
			adminPassword: PASSWORD,
			instrumentsDir: '/srv/instruments',
			staticDir: '/srv/static',
			sessionIdleHours: 12,
			sessionMaxDays: 3
		});
		expect(parseConfig({ ORIGIN: 'http://localhost:3000' }).origin).toBe('http://localhost:3000');
	});

	it.each(['abc', '0', '65536', '3000.5', '-1'])('rejects PORT=%s', (port) => {
		const error = configError({ PORT: port });
		expect(error.message).toBe(`Invalid configuration:\n  PORT must be a whole number from 1 to 65535, got '${port}'`);
	});

	it.each(['anju.example.org', 'ftp://anju.example.org', 'https://anju.example.org/', 'https://anju.example.org/app', 'https://'])(
		'rejects ORIGIN=%s',
		(origin) => {
			expect(configError({ ORIGIN: origin }).message).toBe(
				`Invalid configuration:\n  ORIGIN must look like https://host[:port] with no path, got '${origin}'`
			);
		}
	);

	it('rejects an admin password shorter than 12 characters', () => {
		expect(configError({ ANJU_ADMIN_EMAIL: 'admin@example.org', ANJU_ADMIN_PASSWORD: '12345678901' }).message).toBe(
			'Invalid configuration:\n  ANJU_ADMIN_PASSWORD must be at least 12 characters'
		);
		expect(parseConfig({ ANJU_ADMIN_EMAIL: 'admin@example.org', ANJU_ADMIN_PASSWORD: '123456789012' }).adminPassword).toBe('123456789012');
	});

	it('rejects an admin password without an admin e-mail', () => {
		expect(configError({ ANJU_ADMIN_PASSWORD: PASSWORD }).message).toBe(
			'Invalid configuration:\n  ANJU_ADMIN_PASSWORD is set but ANJU_ADMIN_EMAIL is not'
		);
	});

	it('rejects an admin e-mail that is not an address', () => {
		expect(configError({ ANJU_ADMIN_EMAIL: 'admin', ANJU_ADMIN_PASSWORD: PASSWORD }).message).toBe(
			"Invalid configuration:\n  ANJU_ADMIN_EMAIL is not an e-mail address: 'admin'"
		);
	});

	it('names every bad variable in one ConfigError', () => {
		const error = configError({ PORT: 'http', ORIGIN: 'anju.example.org/', ANJU_ADMIN_PASSWORD: 'short', DATABASE_PATH: 'x.db' });
		expect(error).toBeInstanceOf(ConfigError);
		expect(error.message).toBe(
			[
				'Invalid configuration:',
				"  PORT must be a whole number from 1 to 65535, got 'http'",
				"  ORIGIN must look like https://host[:port] with no path, got 'anju.example.org/'",
				'  ANJU_ADMIN_PASSWORD must be at least 12 characters',
				'  ANJU_ADMIN_PASSWORD is set but ANJU_ADMIN_EMAIL is not'
			].join('\n')
		);
	});

	it('does not echo the admin password in its message', () => {
		const password = 'hunter2';
		expect(configError({ ANJU_ADMIN_PASSWORD: password }).message).not.toContain(password);
	});
});
