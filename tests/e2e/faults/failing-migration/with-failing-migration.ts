/**
 * The real migrations plus one that changes the schema and data, then fails: after it the
 * database must be exactly as before (see startup.spec.ts).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { migrations as real } from '../../../../migrations/index';

export const FAILING_MIGRATION = '9999_12_31_0001_fails_half_way';

const failsHalfWay: Migration = {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
	up: async (db: Kysely<any>) => {
		await db.schema.alterTable('responses').addColumn('half_made_flag', 'integer').execute();
		await db.schema
			.createTable('half_made')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.execute();
		await db.insertInto('half_made').values({ id: 'x' }).execute();
		await sql`update projects set name = name || ' (changed by a failing migration)'`.execute(db);
		throw new Error('this migration fails half-way on purpose');
	}
};

export const migrations: Record<string, Migration> = { ...real, [FAILING_MIGRATION]: failsHalfWay };
