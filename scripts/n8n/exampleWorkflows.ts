import fs from 'node:fs';
import path from 'node:path';

import type { ImportedWorkflow } from './n8nInstance';

/** The importable examples in examples/, with the fixed ids they get when imported here. */
const EXAMPLES = [
	{ file: 'mute-by-extension-webhook.json', id: 'VcMuteByExtHook1' },
	{ file: 'unmute-by-call-id-get.json', id: 'VcUnmuteCallGet1' },
	{ file: 'mute-verified-webhook.json', id: 'VcMuteVerified01' },
	{ file: 'mute-with-auto-resume.json', id: 'VcMuteAutoResum1' },
	{ file: 'agent-pause-form.json', id: 'VcAgentPauseForm' },
];

/** The credential id the examples reference. */
export const EXAMPLE_CREDENTIAL_ID = 'voicenter-simulator';

export function exampleWorkflows(packageDir: string): ImportedWorkflow[] {
	return EXAMPLES.map(({ file, id }) => ({
		id,
		active: true,
		definition: JSON.parse(fs.readFileSync(path.join(packageDir, 'examples', file), 'utf8')) as Record<string, unknown>,
	}));
}
