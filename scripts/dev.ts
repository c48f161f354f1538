/**
 * npm run dev: the simulator and a real n8n with this package, a "Voicenter API" credential
 * pointing at the simulator and the example workflows active. Ctrl-C stops everything.
 * N8N_VERSION picks the n8n (one of those in scripts/n8n/n8nRuntime.ts; default 2.41.1).
 */
import { startSimulator } from '../simulator/voicenterSimulator';
import { PACKAGE_DIR } from '../test/engine/loadNodeTypes';
import { OWNER } from './n8n/n8nInstance';
import { startLocalStack } from './n8n/localStack';
import { exampleMcpLine, examplePauseLedgerLines, exampleWebhookLines } from './n8n/stackSummary';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5680);
const SIMULATOR_PORT = Number(process.env.VOICENTER_SIM_PORT ?? 0);

async function main(): Promise<void> {
	const sim = await startSimulator({ port: SIMULATOR_PORT });
	console.log(`Voicenter simulator: ${sim.baseUrl}`);
	const stack = await startLocalStack({
		packageDir: PACKAGE_DIR,
		simulatorBaseUrl: sim.baseUrl,
		simulatorToken: sim.token,
		port: N8N_PORT,
		log: (line) => console.log(line),
	});
	// Calls that end reach the pause ledger's CDR example, as Voicenter's CDR notification would.
	sim.setCdrNotificationUrl(`${stack.n8n.url}/webhook/${stack.kit.cdrPath}`);

	console.log(`
n8n ${stack.setup.runtime.version} is ready: ${stack.n8n.url}
  login     ${OWNER.email} / ${OWNER.password}
  data      ${stack.setup.userFolder}
${exampleWebhookLines(stack.n8n.url, '  webhooks  ')}
  mcp       ${exampleMcpLine(stack.n8n.url)}
${examplePauseLedgerLines(stack.n8n.url, '  ledger    ', stack.kit.cdrPath)}
  simulator ${sim.origin}/__simulator/calls (live calls and their mute state)
Ctrl-C stops n8n and the simulator.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		await stack.n8n.stop();
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	void stack.n8n.exited.then(({ code, signal }) => {
		if (!stopping) {
			console.error(`n8n exited unexpectedly (${signal ?? code}):\n${stack.n8n.output().slice(-2000)}`);
			void sim.close().then(() => process.exit(1));
		}
	});
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
