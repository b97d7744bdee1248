/**
 * The paths of the OpenAPI document: one entry per `src/routes/api/**\/+server.ts` route and
 * method (a test compares both ways), with who may call it and every answer it gives.
 */
import { ref, type JsonSchema } from './schemas';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../response-query';
import { EXPORT_FILES } from '../../../exports/options';

type Security = Record<string, string[]>[];

interface Parameter {
	name: string;
	in: 'path' | 'query';
	required?: boolean;
	description?: string;
	schema: JsonSchema;
	explode?: boolean;
}

type Content = Record<string, { schema: JsonSchema }>;

export interface Operation {
	operationId: string;
	tags: string[];
	summary: string;
	description?: string;
	deprecated?: boolean;
	security: Security;
	parameters?: Parameter[];
	requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
	responses: Record<string, { description: string; content?: Content }>;
}

const STAFF: Security = [{ apiToken: [] }, { session: [] }];
const KIOSK: Security = [{ kioskToken: [] }];
const PUBLIC: Security = [];

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const ok = (schema: JsonSchema, description = 'OK') => ({ description, ...json(schema) });
const list = (item: string): JsonSchema => ({
	type: 'object',
	required: ['data'],
	additionalProperties: false,
	properties: { data: { type: 'array', items: ref(item) } }
});
const body = (schema: JsonSchema, required = true) => ({ required, ...json(schema) });
/** A JSON object of only these optional fields (a kiosk may send no body at all). */
const optionalFields = (properties: Record<string, JsonSchema>) => body({ type: 'object', additionalProperties: false, properties }, false);

const ERRORS: Record<string, string> = {
	'400': 'A malformed parameter or body; `error.path` names it.',
	'401': 'No valid session or token (`unauthenticated`), or an unknown, revoked or disabled API token (`invalid_token`).',
	'403': 'Authenticated, but not allowed here (`forbidden`), or a read-only token on a write (`insufficient_scope`).',
	'404': 'No such project or object (`not_found`).',
	'409': 'The same id was already used for other content (`conflict`).',
	'413': 'The body is too large (`too_large`).',
	'415': 'The body is not JSON (`unsupported_media_type`).',
	'422': 'The body is JSON but not valid (`invalid`, `invalid_text`); `error.issues` lists every problem.',
	'429': 'Too many requests (`rate_limited`); wait the `Retry-After` seconds.',
	'503': 'The server cannot store data right now (`unavailable`); keep the data and retry.'
};

const errors = (...statuses: string[]) =>
	Object.fromEntries(statuses.map((status) => [status, { description: ERRORS[status] as string, ...json(ref('Error')) }]));

const flag = (name: string, description: string): Parameter => ({
	name,
	in: 'query',
	description,
	schema: { type: 'string', enum: ['0', '1', 'true', 'false'], default: '0' }
});

const slug: Parameter = { name: 'slug', in: 'path', required: true, description: "The project's slug.", schema: { type: 'string' } };
const siteFilter: Parameter = { name: 'site', in: 'query', description: 'Only this site (its id).', schema: { type: 'string' } };

/** A GET of one project's data, for its members (admins, coordinators and evaluators of the project). */
function projectRead(operationId: string, summary: string, schema: JsonSchema, extra: Partial<Operation> = {}): Operation {
	return {
		operationId,
		tags: ['projects'],
		summary,
		security: STAFF,
		...extra,
		parameters: [slug, ...(extra.parameters ?? [])],
		responses: { '200': ok(schema), ...errors(...(extra.parameters ? ['400'] : []), '401', '403', '404') }
	};
}

const indicators = (operationId: string, deprecated: boolean) =>
	projectRead(operationId, "The project's indicator set, optionally for one site or one subgroup.", ref('IndicatorSet'), {
		description:
			'Computed as `static/openapi/indicators.yaml` describes; cached until the project’s data change.' +
			(deprecated ? ' Kept for existing clients: use /api/v1/projects/{slug}/indicators.' : ''),
		...(deprecated ? { deprecated: true } : {}),
		parameters: [
			siteFilter,
			{
				name: 'subgroup',
				in: 'query',
				description: '`item:code`, e.g. `dem_gender:2`: only respondents with this answer at their first wave.',
				schema: { type: 'string', pattern: '^[A-Za-z_][\\w-]*:-?\\d+$' }
			}
		]
	});

export const paths: Record<string, Record<string, Operation>> = {
	'/api/openapi.json': {
		get: {
			operationId: 'getOpenApi',
			tags: ['meta'],
			summary: 'This document.',
			security: PUBLIC,
			responses: { '200': ok({ type: 'object', required: ['openapi', 'paths'] }) }
		}
	},
	'/api/v1/projects': {
		get: {
			operationId: 'listProjects',
			tags: ['projects'],
			summary: 'The projects you may open: every project for admins, your memberships otherwise.',
			security: STAFF,
			responses: { '200': ok(list('Project')), ...errors('401') }
		}
	},
	'/api/v1/projects/{slug}': { get: projectRead('getProject', 'One project.', ref('Project')) },
	'/api/v1/projects/{slug}/sites': { get: projectRead('listSites', "The project's sites (communities) and their arms.", list('Site')) },
	'/api/v1/projects/{slug}/waves': {
		get: projectRead('listWaves', "The project's waves in order, with the instrument versions each asks.", list('Wave'))
	},
	'/api/v1/projects/{slug}/responses': {
		get: projectRead('listResponses', "The project's responses with answers and scores, page by page.", ref('ResponsePage'), {
			description: [
				'In arrival order. Follow `nextCursor` until it is null; the listing is a snapshot as of `asOf`',
				'(a few seconds before the first page), so pages neither repeat nor skip rows while new ones arrive.',
				'Next time pass `asOf` as `updated_since` to get only what arrived or changed since: a response',
				'changes only through an audited correction, exclusion or restore, a merge of its panel code, or',
				'a withdrawal of its respondent, and `updatedAt` is the latest of these and `receivedAt`.',
				'Excluded responses and those of withdrawn respondents are listed, flagged (unlike in exports), so',
				'that a copy learns of the change; a withdrawn respondent’s answers and scores are `null`.',
				'Pseudonymous: `respondent` is the person’s pseudonym under your `key`, the same as in exports',
				'downloaded with that key; never the panel code unless an admin asks (audited).'
			].join(' '),
			parameters: [
				{ name: 'wave', in: 'query', description: 'Only this wave (its id).', schema: { type: 'string' } },
				siteFilter,
				{
					name: 'key',
					in: 'query',
					required: true,
					description: 'Your pseudonym key, as for exports: the same key gives the same `respondent` pseudonyms everywhere.',
					schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' }
				},
				{
					name: 'updated_since',
					in: 'query',
					description: 'Only responses received or changed at or after this time (the `asOf` of your previous listing).',
					schema: { type: 'string', format: 'date-time' }
				},
				{ name: 'cursor', in: 'query', description: 'The `nextCursor` of the previous page.', schema: { type: 'string' } },
				{
					name: 'limit',
					in: 'query',
					description: 'Responses per page.',
					schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }
				},
				flag('panel_codes', '`1`: add each respondent’s panel code (admins only, audited; 403 `panel_codes_forbidden` otherwise).')
			]
		})
	},
	'/api/v1/projects/{slug}/indicators': { get: indicators('getIndicators', false) },
	'/api/v1/projects/{slug}/exports/{file}': {
		get: {
			...projectRead('getExportFile', 'One file of an export, streamed: data, codebook or syntax.', {}),
			tags: ['exports'],
			description:
				'`long.csv` (one row per answer), `wide.csv` (one row per respondent × wave), `scores.csv`, `codebook.csv` and ' +
				'`codebook.html`, and `anju.R`, `anju.sps`, `anju.do` that read `wide.csv` and apply labels. Data files need a ' +
				'pseudonym `key`; excluded responses and withdrawn respondents are left out unless asked for. Every download is audited.',
			parameters: [
				slug,
				{ name: 'file', in: 'path', required: true, schema: { type: 'string', enum: [...EXPORT_FILES] } },
				{
					name: 'wave',
					in: 'query',
					explode: true,
					description: 'Waves to include (repeat the parameter); every wave when none is named.',
					schema: { type: 'array', items: { type: 'string' } }
				},
				{
					name: 'key',
					in: 'query',
					description: 'Pseudonym key, required for the data files: the same key gives the same pseudonyms.',
					schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' }
				},
				{
					name: 'lang',
					in: 'query',
					description: 'Language of labels; the project’s first language by default.',
					schema: { type: 'string' }
				},
				flag('excluded', 'Include excluded responses, flagged.'),
				flag('withdrawn', 'Include responses of withdrawn respondents, flagged.'),
				flag('panel_codes', 'Add a panel code column (admins only; 403 `panel_codes_forbidden` otherwise).'),
				flag('bom', 'Start with a UTF-8 byte order mark and make formula-like text inert, for Excel.')
			],
			responses: {
				'200': {
					description: 'The file, streamed.',
					content: {
						'text/csv': { schema: { type: 'string' } },
						'text/html': { schema: { type: 'string' } },
						'text/plain': { schema: { type: 'string' } }
					}
				},
				...errors('400', '401', '403', '404')
			}
		}
	},
	'/api/projects/{slug}/indicators': { get: indicators('getIndicatorsUnversioned', true) },
	'/api/v1/instrument-versions': {
		get: {
			operationId: 'listInstrumentVersions',
			tags: ['instruments'],
			summary: 'Every stored instrument version, without content.',
			security: STAFF,
			parameters: [{ name: 'key', in: 'query', description: 'Only versions of this instrument.', schema: { type: 'string' } }],
			responses: { '200': ok(list('InstrumentVersionSummary')), ...errors('401') }
		}
	},
	'/api/v1/instrument-versions/{versionId}': {
		get: {
			operationId: 'getInstrumentVersion',
			tags: ['instruments'],
			summary: 'One instrument version with its full content (items, response scales, scales).',
			security: STAFF,
			parameters: [{ name: 'versionId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }],
			responses: { '200': ok(ref('InstrumentVersion')), ...errors('401', '404') }
		}
	},
	'/api/v1/submissions': {
		post: {
			operationId: 'submitResponse',
			tags: ['collection'],
			summary: 'Stores one response, validated against its exact instrument version; idempotent on its id.',
			description:
				'From a kiosk (its device token: site and mode are forced to the kiosk’s), or from a coordinator or admin ' +
				'interviewing (a session, or an API token with the `write` scope).',
			security: [...KIOSK, { apiToken: ['write'] }, { session: [] }],
			requestBody: body(ref('Submission')),
			responses: { '200': ok(ref('SubmissionReceipt')), ...errors('400', '401', '403', '404', '409', '413', '415', '422', '429', '503') }
		}
	},
	'/api/kiosk/enroll': {
		post: {
			operationId: 'enrollKiosk',
			tags: ['kiosk'],
			summary: 'Exchanges a one-time enrollment code for a device token.',
			security: PUBLIC,
			requestBody: body({ type: 'object', required: ['code'], properties: { code: { type: 'string', examples: ['ABCD-EFGH'] } } }),
			responses: { '200': ok(ref('KioskEnrollment')), ...errors('400', '404', '413') }
		}
	},
	'/api/kiosk/bundle': {
		get: {
			operationId: 'getKioskBundle',
			tags: ['kiosk'],
			summary: 'What an enrolled kiosk needs to work offline: its project, current wave, instruments and consent text.',
			security: KIOSK,
			responses: { '200': ok(ref('KioskBundle')), ...errors('401', '403', '503') }
		}
	},
	'/api/kiosk/refusals': {
		post: {
			operationId: 'recordRefusal',
			tags: ['kiosk'],
			summary: 'Counts one declined consent at the kiosk’s site; nothing about the resident.',
			security: KIOSK,
			requestBody: optionalFields({
				id: { type: 'string', format: 'uuid' },
				waveId: { type: ['string', 'null'] },
				at: { type: 'string', format: 'date-time' }
			}),
			responses: {
				'200': ok({ type: 'object', required: ['id', 'at', 'replay'], properties: { id: {}, at: {}, replay: { type: 'boolean' } } }),
				...errors('400', '401', '403', '404', '413', '415', '422', '429', '503')
			}
		}
	},
	'/api/kiosk/panel-codes': {
		post: {
			operationId: 'reservePanelCodes',
			tags: ['kiosk'],
			summary: 'Reserves new panel codes for first-time respondents, so the kiosk can hand them out offline.',
			security: KIOSK,
			requestBody: optionalFields({ count: { type: 'integer', minimum: 1, maximum: 50, default: 10 } }),
			responses: {
				'200': ok({ type: 'object', required: ['codes'], properties: { codes: { type: 'array', items: { type: 'string' } } } }),
				...errors('400', '401', '403', '413', '415', '422', '429', '503')
			}
		}
	}
};
