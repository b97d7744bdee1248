/** The OpenAPI 3.1 document of Anju's JSON API, served at /api/openapi.json. */
import { paths } from './paths';
import { schemas } from './schemas';

const DESCRIPTION = `Read a project's sites, waves, instrument versions, responses and indicators from a script, and
submit interviews.

**Authentication.** Create a personal API token on your account page (\`/account\`) and send it as
\`Authorization: Bearer anju_…\`. A token acts as you, with your projects and role, on paths under
\`/api/\` only. \`read\` tokens may only read; \`write\` tokens (coordinators and admins) may also submit.
A token stops working when revoked or when its account is disabled. A logged-in browser session works
too. Kiosks use the device token they got from \`/api/kiosk/enroll\`.

**Errors** are JSON \`{ "error": { "code", "message", "path"? } }\` with a stable \`code\`.

**Privacy.** Responses are pseudonymous: a stable \`respondent\` id, never the panel code unless a
coordinator or admin asks for it.`;

export const openApiDocument = {
	openapi: '3.1.0',
	info: { title: 'Anju API', version: '1', summary: 'Surveys of relocated communities: data in and out.', description: DESCRIPTION },
	servers: [{ url: '/' }],
	tags: [
		{ name: 'projects', description: "A project's design and data, for its members." },
		{ name: 'instruments', description: 'The instrument library: every version ever stored.' },
		{ name: 'exports', description: 'Export files for R, SPSS and Stata, with a codebook.' },
		{ name: 'collection', description: 'Submitting responses.' },
		{ name: 'kiosk', description: 'The kiosk device API.' },
		{ name: 'meta', description: 'This document.' }
	],
	paths,
	components: {
		securitySchemes: {
			apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (`anju_…`) made on /account.' },
			session: { type: 'apiKey', in: 'cookie', name: 'anju_session', description: 'A logged-in browser session.' },
			kioskToken: { type: 'http', scheme: 'bearer', description: 'A kiosk device token from POST /api/kiosk/enroll.' }
		},
		schemas
	}
} as const;
