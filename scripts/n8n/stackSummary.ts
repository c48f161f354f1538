import { AUDITOR_CREDENTIAL, CRM_JWT_CREDENTIAL, MCP_BEARER_CREDENTIAL, MCP_TOOLS_PATH, PAUSE_REPORT_PATH, crmHeaders } from './exampleWorkflows';

/** The lines `npm run dev` and `npm run dev:queue` print about the example workflows' webhooks. */
const EXAMPLE_CALLS = [
	{ path: 'voicenter/mute', body: '{"extension":"SIPSIP1"}' },
	{ path: 'voicenter/unmute', body: '{"callId":"2020101201cc7b38df"}' },
	{ path: 'voicenter/mute-verified', body: '{"extension":"SIPSIP1"}' },
	// Answers with a resumeUrl: POST to it, with a token, to unmute; otherwise the call is unmuted after 10 minutes.
	{ path: 'voicenter/pause', body: '{"extension":"SIPSIP1"}' },
];

/** The agent's pause form (examples/agent-pause-form.json), a page to open in a browser. */
const EXAMPLE_FORM = {
	path: 'voicenter/agent-pause',
	hint: "the agent's pause form (n8n 2.x): open it where you signed in; the owner is the agent of SIPSIP1, try SIPSIP1 or 052-765-4321",
};

/** The recording watchdog (examples/recording-watchdog.json): it polls, nothing to call. */
const WATCHDOG_HINT =
	'recording watchdog: active, polls every minute; a call muted 15 min is resumed, alerts arrive at its Alert inbox';

/** A token for trying the webhooks by hand: it names dana@crm and is good for 12 hours. */
const TRY_IT_TOKEN_SECONDS = 12 * 3600;

/**
 * One `POST <url>  <body>` line per example webhook, the token they (and the pause's resume URL)
 * require and the passphrase a CRM signs its own with, a `GET <url>  (…)` line for the example form
 * and one for the watchdog: the first after `label`, the others under it.
 */
export function exampleWebhookLines(baseUrl: string, label: string): string {
	const indent = ' '.repeat(label.length);
	return [
		...EXAMPLE_CALLS.map((call) => `POST ${baseUrl}/webhook/${call.path}  ${call.body}`),
		`     every POST above, and the resume URL, needs a signed token, e.g. (dana@crm, 12 h)  Authorization: ${crmHeaders('dana@crm', TRY_IT_TOKEN_SECONDS).Authorization}`,
		`     a CRM signs its own (HS256, sub = its user, exp a few minutes ahead) with the passphrase  ${CRM_JWT_CREDENTIAL.data.secret}`,
		`GET  ${baseUrl}/form/${EXAMPLE_FORM.path}  (${EXAMPLE_FORM.hint})`,
		`POLL ${baseUrl}/webhook/voicenter/watchdog-alert  (${WATCHDOG_HINT}; each alert is a token the watchdog signs)`,
	]
		.map((line, index) => `${index === 0 ? label : indent}${line}`)
		.join('\n');
}

/**
 * Where an MCP client (Claude Desktop, Cursor, an n8n MCP Client Tool…) reaches the MCP example
 * (examples/ai-agent-mcp-tools.json) over streamable HTTP, and the header it sends.
 */
export function exampleMcpLine(baseUrl: string): string {
	return `${baseUrl}/${MCP_TOOLS_PATH}  Authorization: Bearer ${MCP_BEARER_CREDENTIAL.data.token}  (tools pause_recording, resume_recording, list_active_calls)`;
}

/** Where the pause ledger's report is read (Basic Auth) and where the simulator posts its CDRs, under `label`. */
export function examplePauseLedgerLines(baseUrl: string, label: string, cdrPath: string): string {
	const indent = ' '.repeat(label.length);
	return [
		`GET  ${baseUrl}/webhook/${PAUSE_REPORT_PATH}  (the auditor's report; ?from=YYYY-MM-DD&to=YYYY-MM-DD, &format=csv; Basic Auth ${AUDITOR_CREDENTIAL.data.user} / ${AUDITOR_CREDENTIAL.data.password})`,
		`POST ${baseUrl}/webhook/${cdrPath}  (Voicenter's CDR notification: the simulator posts one when a call ends, e.g. DELETE its __simulator/calls/<ivrid>)`,
	]
		.map((line, index) => `${index === 0 ? label : indent}${line}`)
		.join('\n');
}
