/**
 * The component schemas of the OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 * Written by hand to match the mappers in `../resources.ts` and `../responses.ts`; the request
 * bodies the server validates with zod (submissions, instrument content) are generated from those
 * same zod schemas, and the indicator set comes from `static/openapi/indicators.yaml`, so no shape
 * is written twice. A test validates real answers of the built server against these.
 */
import { z } from 'zod';
import { parse } from 'yaml';
import indicatorsYaml from '../../../../../static/openapi/indicators.yaml?raw';
import { instrumentSchema } from '../../../instruments/schema';
import { submissionSchema } from '../../submission';

export type JsonSchema = { [keyword: string]: unknown };

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const date: JsonSchema = { type: 'string', format: 'date' };
const text = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const localized: JsonSchema = { type: 'object', additionalProperties: { type: 'string' }, description: 'Text per language tag.' };

/** An object with exactly these properties: `properties` always present, `optional` sometimes. */
export function record(
	properties: Record<string, JsonSchema>,
	description?: string,
	optional: Record<string, JsonSchema> = {}
): JsonSchema {
	return {
		type: 'object',
		...(description ? { description } : {}),
		required: Object.keys(properties),
		additionalProperties: false,
		properties: { ...properties, ...optional }
	};
}

/** A zod schema as a component: what the server accepts (`input`) or stores (`output`). */
function fromZod(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
	const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
	return jsonSchema;
}

/** The indicator set's schemas as `indicators.yaml` defines them (its `Error` is the one below). */
function indicatorSchemas(): Record<string, JsonSchema> {
	const document = parse(indicatorsYaml) as { components: { schemas: Record<string, JsonSchema> } };
	const { Error: _, ...schemas } = document.components.schemas;
	return schemas;
}

const answerValue: JsonSchema = {
	description: 'A number (likert, single, number items), codes (multi items) or text (text items; date items as YYYY-MM-DD).',
	anyOf: [{ type: 'number' }, { type: 'array', items: { type: 'number' } }, { type: 'string' }]
};

const versionSummary: Record<string, JsonSchema> = {
	id: text('SHA-256 of the canonical content: the same id always means the same questions.'),
	key: text(),
	version: text(),
	title: localized,
	languages: { type: 'array', items: { type: 'string' } },
	createdAt: timestamp,
	current: { type: 'boolean', description: "This version is the one in the instrument library's files now." }
};

export const schemas: Record<string, JsonSchema> = {
	Error: record(
		{
			error: {
				type: 'object',
				required: ['code', 'message'],
				additionalProperties: false,
				properties: {
					code: text('Stable, machine-readable: `invalid_token`, `unauthenticated`, `forbidden`, `not_found`, `invalid_parameter`, …'),
					message: text('For people: what went wrong and what to do.'),
					path: text('Where in the request: a parameter or a field of the body.'),
					issues: {
						type: 'array',
						items: record({ path: { type: 'string' }, message: { type: 'string' } })
					}
				}
			}
		},
		'Every error under /api/ has this shape.'
	),
	Project: record({
		id: text(),
		slug: text('Names the project in every URL.'),
		name: text(),
		description: text(),
		languages: { type: 'array', items: { type: 'string' }, description: 'Language tags offered to respondents.' },
		archived: { type: 'boolean' },
		createdAt: timestamp
	}),
	Site: record({
		id: text(),
		name: text(),
		arm: { type: 'string', enum: ['project', 'comparison'] },
		targetPerWave: { type: 'integer', minimum: 0 },
		region: nullable({ type: 'string' })
	}),
	Wave: record({
		id: text(),
		name: text(),
		kind: { type: 'string', enum: ['baseline', 'follow-up'] },
		order: { type: 'integer' },
		opensOn: nullable(date),
		closesOn: nullable(date),
		instrumentVersionIds: { type: 'array', items: { type: 'string' }, description: 'The instrument versions asked, in order.' }
	}),
	InstrumentVersionSummary: record(versionSummary),
	InstrumentVersion: record({ ...versionSummary, content: ref('Instrument') }),
	Instrument: fromZod(instrumentSchema, 'output'),
	Score: record({
		score: nullable({ type: 'number' }),
		raw: nullable({ type: 'number' }),
		prorated: { type: 'boolean', description: 'Scored from fewer than all relevant items.' },
		band: nullable({ type: 'string' }),
		answeredItems: { type: 'integer' },
		relevantItems: { type: 'integer' }
	}),
	Response: record(
		{
			id: text('The UUID the kiosk or interviewer made.'),
			waveId: text(),
			siteId: text(),
			instrumentVersionId: text(),
			instrumentKey: text(),
			respondent: text('The person’s pseudonym under your key (as in exports), never the panel code; links their responses across waves.'),
			mode: { type: 'string', enum: ['kiosk', 'interviewer'] },
			language: text(),
			status: { type: 'string', enum: ['complete', 'partial'] },
			consentAt: nullable(timestamp),
			startedAt: timestamp,
			completedAt: nullable(timestamp),
			receivedAt: timestamp,
			updatedAt: { ...timestamp, description: 'The latest of receivedAt and any audited change to the response or its respondent.' },
			excluded: { type: 'boolean', description: 'Excluded by a coordinator: leave it out of analyses.' },
			withdrawn: { type: 'boolean', description: 'The respondent withdrew: answers and scores are not given.' },
			answers: nullable({ type: 'object', additionalProperties: answerValue, description: 'By item key; skipped items are absent.' }),
			scores: nullable({ type: 'object', additionalProperties: ref('Score'), description: 'By scale key.' })
		},
		'One response with its answers and scores.',
		{ panelCode: text('Only with `panel_codes=1`, for admins.') }
	),
	ResponsePage: record({
		data: { type: 'array', items: ref('Response') },
		nextCursor: nullable({ type: 'string', description: 'Pass as `cursor` for the next page; null on the last page.' }),
		asOf: { ...timestamp, description: 'The snapshot time of this listing: pass it as `updated_since` next time.' }
	}),
	Submission: fromZod(submissionSchema, 'input'),
	SubmissionReceipt: record({
		id: text(),
		receivedAt: timestamp,
		status: { type: 'string', enum: ['complete', 'partial'] },
		replay: { type: 'boolean', description: 'The response was already stored (an identical resend).' }
	}),
	KioskEnrollment: {
		type: 'object',
		required: ['token', 'kiosk'],
		properties: { token: text('The device token: send it as `Authorization: Bearer <token>`.'), kiosk: { type: 'object' } }
	},
	KioskBundle: {
		type: 'object',
		required: ['kiosk', 'project', 'wave', 'instruments', 'consent'],
		properties: {
			kiosk: { type: 'object' },
			project: { type: 'object' },
			wave: nullable({ type: 'object' }),
			instruments: { type: 'array', items: record({ versionId: text(), instrument: ref('Instrument') }) },
			consent: { type: 'object' }
		}
	},
	...indicatorSchemas()
};
