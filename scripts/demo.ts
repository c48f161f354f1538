/**
 * npm run demo: the example workflows, run through n8n-core's real engine with the real node and
 * credential classes against the local Voicenter simulator. Prints what was sent and what changed;
 * exits non-zero if anything was not as expected.
 */
import fs from 'node:fs';
import path from 'node:path';

import { SEED_EXTENSIONS, SEED_IVRIDS, startSimulator } from '../simulator/voicenterSimulator';
import type { VoicenterSimulator } from '../simulator/voicenterSimulator';
import { PACKAGE_DIR } from '../test/engine/loadNodeTypes';
import { runWorkflow, type WorkflowDefinition } from '../test/engine/runWorkflow';

interface Scenario {
	title: string;
	workflowFile: string;
	webhookBody: Record<string, string>;
	/** The calls whose state the workflow should change, and to what. */
	affected: (sim: VoicenterSimulator) => string[];
	expectMuted: boolean;
	prepare?: (sim: VoicenterSimulator) => void;
}

const scenarios: Scenario[] = [
	{
		title: 'CRM opens the card form: mute every call on extension SIPSIP1 (POST)',
		workflowFile: 'mute-by-extension-webhook.json',
		webhookBody: { extension: SEED_EXTENSIONS.withTwoCalls },
		affected: (sim) => sim.callsOf(SEED_EXTENSIONS.withTwoCalls).map((call) => call.ivrid),
		expectMuted: true,
	},
	{
		title: `CRM closes the card form: unmute call ${SEED_IVRIDS.sipsip2Outgoing} (GET)`,
		workflowFile: 'unmute-by-call-id-get.json',
		webhookBody: { callId: SEED_IVRIDS.sipsip2Outgoing },
		affected: () => [SEED_IVRIDS.sipsip2Outgoing],
		expectMuted: false,
		prepare: (sim) => sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true),
	},
];

const problems: string[] = [];
const check = (ok: boolean, what: string) => {
	console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
	if (!ok) problems.push(what);
};

function stateOf(sim: VoicenterSimulator, ivrids: string[]): string {
	return ivrids.map((ivrid) => `${ivrid}=${sim.call(ivrid)?.isMuted ? 'muted' : 'recording'}`).join(', ');
}

async function runScenario(sim: VoicenterSimulator, scenario: Scenario): Promise<void> {
	console.log(`\n▶ ${scenario.title}`);
	sim.reset();
	scenario.prepare?.(sim);
	const affected = scenario.affected(sim);
	const workflow = JSON.parse(
		fs.readFileSync(path.join(PACKAGE_DIR, 'examples', scenario.workflowFile), 'utf8'),
	) as WorkflowDefinition;
	console.log(`  workflow  examples/${scenario.workflowFile}`);
	console.log(`  webhook   ${JSON.stringify({ body: scenario.webhookBody })}`);
	console.log(`  before    ${stateOf(sim, affected)}`);

	const result = await runWorkflow(workflow, {
		input: [{ json: { body: scenario.webhookBody } }],
		credentials: { 'voicenter-simulator': { baseUrl: sim.baseUrl, apiToken: sim.token } },
	});

	for (const request of sim.requestsTo('MuteUnmuteCalls')) {
		console.log(`  sent      ${request.method} ${request.url}${request.rawBody ? ` ${request.rawBody}` : ''}`);
	}
	console.log(`  after     ${stateOf(sim, affected)}`);
	const reply = result.sentResponses[0]?.body;
	console.log(`  replied   ${JSON.stringify(reply)}`);

	check(result.status === 'success', `workflow finished (${result.status}${result.error ? `: ${result.error.message}` : ''})`);
	check(sim.issuedActionIds.length === 1, 'Voicenter issued one ActionID');
	check(
		(reply as { actionId?: string } | undefined)?.actionId === sim.issuedActionIds[0],
		`the reply carries that ActionID (${sim.issuedActionIds[0]})`,
	);
	check(
		affected.every((ivrid) => sim.call(ivrid)?.isMuted === scenario.expectMuted),
		`every affected call is ${scenario.expectMuted ? 'muted' : 'recording again'}`,
	);
}

async function main(): Promise<void> {
	const sim = await startSimulator();
	console.log(`Voicenter simulator on ${sim.baseUrl}`);
	try {
		for (const scenario of scenarios) await runScenario(sim, scenario);
	} finally {
		await sim.close();
	}
	if (problems.length > 0) {
		console.log(`\nDemo FAILED: ${problems.length} check(s) failed.`);
		process.exitCode = 1;
	} else {
		console.log('\nDemo passed: every check held.');
	}
}

main().catch((error: Error) => {
	console.error(`Demo crashed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
