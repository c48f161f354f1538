/**
 * What our stacks type into the kit's credentials (local test values, never real secrets), and
 * where the kit's workflows answer.
 */
import type { ImportedCredential } from './n8nInstance';
import { bearerHeader, claimsFor } from './signedToken';

/** Where MCP clients reach the MCP server workflow (examples/ai-agent-mcp-tools.json). */
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

/** Every secret the kit's doors check, by the key the examples give its credential: our stacks type them in after installing the kit. */
export const DOOR_CREDENTIALS = [CRM_JWT_CREDENTIAL, WATCHDOG_ALERT_CREDENTIAL, MCP_BEARER_CREDENTIAL, AUDITOR_CREDENTIAL];

/** The key the examples give the Voicenter API credential (our stacks also import one by that id for their own workflows). */
export const EXAMPLE_CREDENTIAL_ID = 'voicenter-simulator';
