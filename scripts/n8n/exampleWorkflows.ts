import fs from 'node:fs';
import path from 'node:path';

import type { ImportedCredential, ImportedWorkflow } from './n8nInstance';
import { MCP_RECORDING_TOOL_WORKFLOW_ID, PAUSE_LEDGER_WORKFLOW_ID } from './pauseLedger';
import { bearerHeader, claimsFor } from './signedToken';

/** The agent's pause form example's id (examples/agent-pause-form.json). */
export const AGENT_FORM_WORKFLOW_ID = 'VcAgentPauseForm';

/** The auto-resume example's id (examples/mute-with-auto-resume.json). */
export const AUTO_RESUME_WORKFLOW_ID = 'VcMuteAutoResum1';

/** The MCP server example (examples/ai-agent-mcp-tools.json): its id and where MCP clients reach it. */
export const MCP_TOOLS_WORKFLOW_ID = 'VcMcpRecordTools';
export const MCP_TOOLS_PATH = 'mcp/voicenter-recording';

/**
 * The bearer credential the MCP example's trigger checks, with a fixed token: a local test value
 * the dev and e2e stacks share, never a real secret.
 */
export const MCP_BEARER_CREDENTIAL: ImportedCredential = {
	id: 'voicenter-mcp-bearer',
	name: 'MCP clients (local test token)',
	type: 'httpBearerAuth',
	data: { token: 'local-test-only-voicenter-mcp-token' },
};

/**
 * The passphrase the CRM examples' webhooks (and the auto-resume example's resume URL) check each
 * request's signed token with (n8n's JWT Auth): a local test value the dev, e2e and queue stacks
 * share, never a real secret. Only tokens signed with it reach n8n's stored executions, never it.
 */
export const CRM_JWT_CREDENTIAL: ImportedCredential = {
	id: 'voicenter-crm-jwt',
	name: 'CRM requests (local test passphrase)',
	type: 'jwtAuth',
	data: { keyType: 'passphrase', secret: 'local-test-only-voicenter-crm-passphrase', algorithm: 'HS256' },
};

/** The passphrase the watchdog signs its alerts with and its Alert inbox checks them with (a local test value too). */
export const WATCHDOG_ALERT_CREDENTIAL: ImportedCredential = {
	id: 'voicenter-watchdog-jwt',
	name: 'Watchdog alerts (local test passphrase)',
	type: 'jwtAuth',
	data: { keyType: 'passphrase', secret: 'local-test-only-voicenter-alert-passphrase', algorithm: 'HS256' },
};

/** How long a CRM's token is good for: long enough for one call, short enough that a stored one is soon worthless. */
export const CRM_TOKEN_LIFETIME_SECONDS = 300;

/** What a CRM sends to open the locked example webhooks: a token naming its user, signed with CRM_JWT_CREDENTIAL's passphrase. */
export function crmHeaders(user = 'dana@crm', lifetimeSeconds = CRM_TOKEN_LIFETIME_SECONDS): Record<string, string> {
	return bearerHeader(claimsFor(user, lifetimeSeconds), CRM_JWT_CREDENTIAL.data.secret);
}

/** The user and password the pause report asks an auditor's browser for (n8n's Basic Auth; local test values). */
export const AUDITOR_CREDENTIAL: ImportedCredential = {
	id: 'voicenter-auditor-basic',
	name: 'Auditors (local test password)',
	type: 'httpBasicAuth',
	data: { user: 'auditor', password: 'local-test-only-auditor-password' },
};

/** Where an auditor opens the pause report (examples/pause-report.json). */
export const PAUSE_REPORT_PATH = 'voicenter/pause-report';

/**
 * Where Voicenter posts its CDR notification (examples/cdr-notification-to-ledger.json): Voicenter
 * signs nothing, so the path's last part is the secret (a local test value here) and the webhook
 * takes requests from the allowed addresses only.
 */
export const CDR_NOTIFICATION_PATH = 'voicenter/cdr/local-test-only-2f9c61e0b7a84d1e';

/** Every secret the examples' doors check, imported into each local stack beside the simulator's credential. */
export const DOOR_CREDENTIALS = [CRM_JWT_CREDENTIAL, WATCHDOG_ALERT_CREDENTIAL, MCP_BEARER_CREDENTIAL, AUDITOR_CREDENTIAL];

/**
 * The importable examples in examples/, with the fixed ids they get when imported here. `polls`:
 * the example's Voicenter Trigger reads Active Calls every minute once active. `sinceMajor`: the
 * oldest n8n major version that can run it (the agent's form signs agents in with their n8n
 * account, which n8n 1.x's Form Trigger cannot).
 */
const EXAMPLES = [
	{ file: 'mute-by-extension-webhook.json', id: 'VcMuteByExtHook1', polls: false, sinceMajor: 1 },
	{ file: 'unmute-by-call-id-get.json', id: 'VcUnmuteCallGet1', polls: false, sinceMajor: 1 },
	{ file: 'mute-verified-webhook.json', id: 'VcMuteVerified01', polls: false, sinceMajor: 1 },
	{ file: 'mute-with-auto-resume.json', id: AUTO_RESUME_WORKFLOW_ID, polls: false, sinceMajor: 1 },
	{ file: 'agent-pause-form.json', id: AGENT_FORM_WORKFLOW_ID, polls: false, sinceMajor: 2 },
	{ file: 'recording-watchdog.json', id: 'VcRecWatchdog001', polls: true, sinceMajor: 1 },
	{ file: 'ai-agent-mcp-tools.json', id: MCP_TOOLS_WORKFLOW_ID, polls: false, sinceMajor: 1 },
	// The MCP example's pause_recording and resume_recording call it (and it calls the ledger); on 2.x it is published with the ledger.
	{ file: 'mcp-recording-tool.json', id: MCP_RECORDING_TOOL_WORKFLOW_ID, polls: false, sinceMajor: 1, subWorkflow: true },
	// Called by the others, never started on its own: it gets its table (and on 2.x is published) once n8n runs.
	{ file: 'pause-ledger.json', id: PAUSE_LEDGER_WORKFLOW_ID, polls: false, sinceMajor: 1, subWorkflow: true },
	{ file: 'cdr-notification-to-ledger.json', id: 'VcCdrToLedger001', polls: false, sinceMajor: 1 },
	{ file: 'pause-report.json', id: 'VcPauseReport001', polls: false, sinceMajor: 1 },
	{ file: 'pause-ledger-retention.json', id: 'VcLedgerRetain01', polls: false, sinceMajor: 1 },
];

/** The recording watchdog example's id. */
export const WATCHDOG_WORKFLOW_ID = 'VcRecWatchdog001';

/** The credential id the examples reference. */
export const EXAMPLE_CREDENTIAL_ID = 'voicenter-simulator';

/**
 * Every example, active where `n8nMajor` can run it; a polling one only with `activatePolling` (a
 * stack whose tests count the simulator's requests keeps the watchdog's reads out of them).
 */
export function exampleWorkflows(packageDir: string, n8nMajor: number, activatePolling = true): ImportedWorkflow[] {
	return EXAMPLES.map(({ file, id, polls, sinceMajor, subWorkflow }) => ({
		id,
		active: subWorkflow !== true && (!polls || activatePolling) && n8nMajor >= sinceMajor,
		definition: JSON.parse(fs.readFileSync(path.join(packageDir, 'examples', file), 'utf8')) as Record<string, unknown>,
	}));
}
