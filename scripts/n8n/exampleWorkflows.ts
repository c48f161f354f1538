import fs from 'node:fs';
import path from 'node:path';

import type { ImportedCredential, ImportedWorkflow } from './n8nInstance';

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
 * The importable examples in examples/, with the fixed ids they get when imported here. `polls`:
 * the example's Voicenter Trigger reads Active Calls every minute once active.
 */
const EXAMPLES = [
	{ file: 'mute-by-extension-webhook.json', id: 'VcMuteByExtHook1', polls: false },
	{ file: 'unmute-by-call-id-get.json', id: 'VcUnmuteCallGet1', polls: false },
	{ file: 'mute-verified-webhook.json', id: 'VcMuteVerified01', polls: false },
	{ file: 'mute-with-auto-resume.json', id: AUTO_RESUME_WORKFLOW_ID, polls: false },
	{ file: 'agent-pause-form.json', id: 'VcAgentPauseForm', polls: false },
	{ file: 'recording-watchdog.json', id: 'VcRecWatchdog001', polls: true },
	{ file: 'ai-agent-mcp-tools.json', id: MCP_TOOLS_WORKFLOW_ID, polls: false },
];

/** The recording watchdog example's id. */
export const WATCHDOG_WORKFLOW_ID = 'VcRecWatchdog001';

/** The credential id the examples reference. */
export const EXAMPLE_CREDENTIAL_ID = 'voicenter-simulator';

/**
 * Every example, active; a polling one only with `activatePolling` (a stack whose tests count the
 * simulator's requests keeps the watchdog's reads out of them).
 */
export function exampleWorkflows(packageDir: string, activatePolling = true): ImportedWorkflow[] {
	return EXAMPLES.map(({ file, id, polls }) => ({
		id,
		active: !polls || activatePolling,
		definition: JSON.parse(fs.readFileSync(path.join(packageDir, 'examples', file), 'utf8')) as Record<string, unknown>,
	}));
}
