/**
 * Panel codes reserved for a kiosk ahead of use, so "first time here" can issue a code while the
 * kiosk is offline. A reserved code is unique in its project among reservations (primary key) and
 * was unused by any respondent when reserved; the respondent row appears with the first response.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { cryptoRandom, generatePanelCode } from '../panel-code';
import { withWriteRetry } from './db/create-db';
import { nowIso } from './ids';

export const MAX_CODES_PER_REQUEST = 50;
export const DEFAULT_CODES_PER_REQUEST = 10;
/** With 31⁵ ≈ 28.6 million codes, failing this many draws in a row means something is broken. */
const MAX_DRAWS_PER_CODE = 50;

/** Reserves `count` new codes for the kiosk's project; `random` is injectable for tests. */
export async function reservePanelCodes(
	db: Kysely<Database>,
	owner: { projectId: string; kioskId: string | null },
	count: number,
	random: () => number = cryptoRandom
): Promise<string[]> {
	if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_REQUEST) {
		throw new RangeError(`count must be a whole number from 1 to ${MAX_CODES_PER_REQUEST}`);
	}
	return withWriteRetry(() =>
		db.transaction().execute(async (trx) => {
			const codes: string[] = [];
			const reservedAt = nowIso();
			for (let draws = 0; codes.length < count; draws++) {
				if (draws >= count * MAX_DRAWS_PER_CODE) throw new Error(`could not find ${count} unused panel codes in ${draws} draws`);
				const code = generatePanelCode(random);
				const used = await trx
					.selectFrom('respondents')
					.select('id')
					.where('project_id', '=', owner.projectId)
					.where('panel_code', '=', code)
					.executeTakeFirst();
				if (used) continue;
				const inserted = await trx
					.insertInto('panel_code_reservations')
					.values({ project_id: owner.projectId, panel_code: code, kiosk_id: owner.kioskId, reserved_at: reservedAt })
					.onConflict((oc) => oc.columns(['project_id', 'panel_code']).doNothing())
					.executeTakeFirst();
				if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) codes.push(code);
			}
			return codes;
		})
	);
}
