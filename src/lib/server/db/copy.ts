/**
 * Moves an installation from its SQLite file to PostgreSQL (`anju copy --from … --to …`).
 *
 * The target is migrated to the latest schema and must hold no data; the source must be at the
 * same migration. Every table is copied in foreign-key order inside ONE target transaction, so a
 * failure leaves the target as empty as it was. Then each table is verified on both sides: its row
 * count and a checksum that does not depend on row order (the sum, modulo 2^64, of a SHA-256 of
 * every row's canonical JSON), so a value changed in transit — a rounded number, a re-encoded
 * character — shows as a mismatch.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 1000;

export class CopyError extends Error {}

export interface TableReport {
	table: string;
	sourceRows: number;
	targetRows: number;
	sourceChecksum: string;
	targetChecksum: string;
	ok: boolean;
}

interface TableInfo {
	name: string;
	columns: string[];
	primaryKey: string[];
	/** Tables it references (other than itself). */
	references: string[];
	/** Its own columns that reference itself (respondents merged into respondents). */
	selfReferences: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are copied by name, whatever the schema
type AnyDb = Kysely<any>;

/** The source's application tables (SQLite catalog), in an order where every table follows those it references. */
async function sourceTables(source: AnyDb): Promise<TableInfo[]> {
	const { rows: names } = await sql<{
		name: string;
	}>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\' order by name`.execute(
		source
	);
	const tables: TableInfo[] = [];
	for (const { name } of names) {
		const { rows: columns } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name}) order by cid`.execute(
			source
		);
		const { rows: keys } = await sql<{ table: string; from: string }>`select "table", "from" from pragma_foreign_key_list(${name})`.execute(
			source
		);
		tables.push({
			name,
			columns: columns.map((c) => c.name),
			primaryKey: columns
				.filter((c) => c.pk > 0)
				.sort((a, b) => a.pk - b.pk)
				.map((c) => c.name),
			references: [...new Set(keys.filter((k) => k.table !== name).map((k) => k.table))],
			selfReferences: keys.filter((k) => k.table === name).map((k) => k.from)
		});
	}
	const ordered: TableInfo[] = [];
	const placed = new Set<string>();
	while (ordered.length < tables.length) {
		const next = tables.filter((t) => !placed.has(t.name) && t.references.every((r) => placed.has(r)));
		if (next.length === 0)
			throw new CopyError(`foreign keys form a cycle among: ${tables.filter((t) => !placed.has(t.name)).map((t) => t.name)}`);
		for (const table of next) {
			ordered.push(table);
			placed.add(table.name);
		}
	}
	return ordered;
}

/**
 * The table's rows in batches, by keyset on the primary key (an OFFSET would rescan the table for
 * every batch). Rows that reference their own table come after those that do not: self-references
 * are one level deep (a code is never merged into a merged code).
 */
async function* readBatches(db: AnyDb, table: TableInfo): AsyncGenerator<Record<string, unknown>[]> {
	if (table.primaryKey.length === 0) throw new CopyError(`table ${table.name} has no primary key`);
	const key = sql.join(table.primaryKey.map((c) => sql.ref(c)));
	const columns = sql.join(table.columns.map((c) => sql.ref(c)));
	const passes =
		table.selfReferences.length === 0
			? [sql`1 = 1`]
			: [
					sql.join(
						table.selfReferences.map((c) => sql`${sql.ref(c)} is null`),
						sql` and `
					),
					sql`not (${sql.join(
						table.selfReferences.map((c) => sql`${sql.ref(c)} is null`),
						sql` and `
					)})`
				];
	for (const pass of passes) {
		let after: unknown[] | undefined;
		for (;;) {
			const from = after ? sql`and (${key}) > (${sql.join(after)})` : sql``;
			const { rows } = await sql<Record<string, unknown>>`select ${columns} from ${sql.table(table.name)}
				where ${pass} ${from} order by ${key} limit ${BATCH}`.execute(db);
			if (rows.length === 0) break;
			yield rows;
			const last = rows[rows.length - 1]!;
			after = table.primaryKey.map((c) => last[c]);
		}
	}
}

/** A row's canonical text: its columns in the table's order, numbers as JavaScript writes them. */
function rowHash(columns: readonly string[], row: Record<string, unknown>): bigint {
	const text = JSON.stringify(columns.map((c) => row[c] ?? null));
	return createHash('sha256').update(text).digest().readBigUInt64BE(0);
}

async function tableSummary(db: AnyDb, table: TableInfo): Promise<{ rows: number; checksum: string }> {
	let rows = 0;
	let sum = 0n;
	for await (const batch of readBatches(db, table)) {
		rows += batch.length;
		for (const row of batch) sum = (sum + rowHash(table.columns, row)) & 0xffff_ffff_ffff_ffffn;
	}
	return { rows, checksum: sum.toString(16).padStart(16, '0') };
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
	return rows.map((r) => r.name);
}

/**
 * Copies every table of `source` (a SQLite database) into `target` (an empty PostgreSQL database,
 * migrated here), then verifies both. `log` receives a line per table as it is copied.
 */
export async function copyDatabase(
	source: Kysely<Database>,
	target: Kysely<Database>,
	log: (line: string) => void = () => {}
): Promise<TableReport[]> {
	const from = source as AnyDb;
	const to = target as AnyDb;
	const tables = await sourceTables(from);
	if (tables.length === 0) throw new CopyError('the source has no tables: is it an Anju database?');
	const sourceMigrations = await appliedMigrations(from).catch(() => {
		throw new CopyError('the source has no migration table: is it an Anju database?');
	});
	await migrateToLatest(to);
	const targetMigrations = await appliedMigrations(to);
	if (sourceMigrations.join() !== targetMigrations.join()) {
		const missing = targetMigrations.filter((m) => !sourceMigrations.includes(m));
		throw new CopyError(
			missing.length > 0
				? `the source is not at the latest migration (missing ${missing.join(', ')}): run \`anju migrate\` on it first`
				: `the source has migrations this version does not know (${sourceMigrations.filter((m) => !targetMigrations.includes(m)).join(', ')})`
		);
	}
	for (const table of tables) {
		const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(to);
		if (Number(rows[0]?.n) > 0) throw new CopyError(`the target is not empty: table ${table.name} has ${rows[0]!.n} row(s)`);
	}
	await to.transaction().execute(async (trx) => {
		for (const table of tables) {
			let copied = 0;
			for await (const batch of readBatches(from, table)) {
				await trx.insertInto(table.name).values(batch).execute();
				copied += batch.length;
			}
			log(`copied ${table.name}: ${copied} row(s)`);
		}
	});
	const reports: TableReport[] = [];
	for (const table of tables) {
		const [a, b] = await Promise.all([tableSummary(from, table), tableSummary(to, table)]);
		reports.push({
			table: table.name,
			sourceRows: a.rows,
			targetRows: b.rows,
			sourceChecksum: a.checksum,
			targetChecksum: b.checksum,
			ok: a.rows === b.rows && a.checksum === b.checksum
		});
	}
	return reports;
}
