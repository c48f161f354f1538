import { MCP_BEARER_CREDENTIAL, MCP_TOOLS_PATH } from '../../scripts/n8n/exampleWorkflows';
import { pauseLedgerRows, type LedgerRow } from '../../scripts/n8n/pauseLedger';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { callMcpTool, connectMcp, type McpConnection, type McpToolAnswer } from './mcpClient';
import { executionsOf, kitWorkflowId, storedExecution, useRealN8n, type ExecutionSummary } from './stack';

/**
 * examples/ai-agent-mcp-tools.json, active in a real n8n, called by an MCP client as Claude Desktop or
 * Cursor would. pause_recording and resume_recording are Call n8n Workflow Tools running
 * examples/mcp-recording-tool.json (Voicenter Recording, then the pause ledger); list_active_calls
 * is the Voicenter Recording Tool itself.
 */
const env = useRealN8n();
const TOKEN = MCP_BEARER_CREDENTIAL.data.token;
const mcpUrl = () => new URL(`${env.stack.n8n.url}/${MCP_TOOLS_PATH}`);
const version = () => env.stack.setup.runtime.version;
const log = (line: string) => process.stdout.write(`mcp (n8n ${version()}): ${line}\n`);

const connect = (token?: string) => connectMcp(mcpUrl(), token);

/** The item list a successful tool call answers with (n8n sends the node's output items as JSON text). */
const itemsOf = (answer: McpToolAnswer) => JSON.parse(answer.text) as Array<Record<string, unknown>>;

const NOT_MUTED = 'NOT muted (treat the call as still being recorded): ';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the recording tools through n8n\'s MCP Server Trigger', () => {
	let connection: McpConnection;
	beforeAll(async () => {
		connection = await connect(TOKEN);
	});
	afterAll(async () => {
		await connection?.client.close();
	});
	beforeEach(() => env.sim.reset());

	const callTool = (name: string, args: Record<string, unknown>) => callMcpTool(connection.client, name, args);

	/** The example's stored executions once none is running and none has appeared for 2 s. */
	async function quietExecutions(): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + 30_000;
		let previous: string | undefined;
		for (;;) {
			const executions = await executionsOf(env, kitWorkflowId(env, 'ai-agent-mcp-tools'));
			const state = JSON.stringify(executions.map(({ id, status }) => [id, status]));
			if (state === previous && executions.every(({ status }) => !['new', 'running'].includes(status))) return executions;
			if (Date.now() > deadline) throw new Error(`The MCP example's executions did not settle within 30 s: ${state}`);
			previous = state;
			await sleep(2_000);
		}
	}

	test('tools/list: the three tools by their node names, each with its own description and the $fromAI keys as its input schema', async () => {
		const { tools } = await connection.client.listTools();
		for (const tool of tools) log(`tool ${tool.name}\n  description: ${tool.description}\n  inputSchema: ${JSON.stringify(tool.inputSchema)}`);
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		expect(Object.keys(byName).sort()).toEqual(['list_active_calls', 'pause_recording', 'resume_recording']);

		expect(byName.pause_recording.description).toMatch(/^Pauses \(mutes\) the recording of a live Voicenter call/);
		expect(byName.pause_recording.description).toContain('"NOT muted"');
		expect(byName.resume_recording.description).toMatch(/^Resumes \(unmutes\) the recording/);
		expect(byName.resume_recording.description).toContain('"NOT resumed"');
		expect(byName.list_active_calls.description).toMatch(/^Lists the live Voicenter calls/);

		for (const name of ['pause_recording', 'resume_recording']) {
			const schema = byName[name].inputSchema as { properties: Record<string, { type: string; description: string }>; required?: string[] };
			expect(Object.keys(schema.properties)).toEqual(['callId']);
			expect(schema.properties.callId).toMatchObject({ type: 'string', description: expect.stringMatching(/^The Voicenter call ID \(ivrid\)/) });
			expect(schema.required).toEqual(['callId']);
		}
		const list = byName.list_active_calls.inputSchema as { properties: Record<string, { type: string; default?: string }>; required?: string[] };
		expect(Object.keys(list.properties)).toEqual(['extension']);
		expect(list.properties.extension).toMatchObject({ type: 'string', default: '' });
		expect(list.required ?? []).not.toContain('extension');
	});

	test('pause_recording mutes a live call: "Muted and verified", muted, verified and the ActionID Voicenter issued lead the answer', async () => {
		const { sim } = env;
		const answer = await callTool('pause_recording', { callId: SEED_IVRIDS.apiapiTalking });
		log(`pause_recording ${SEED_IVRIDS.apiapiTalking}: ${JSON.stringify(answer)}`);

		expect(answer.isError).toBeUndefined();
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' }]);
		const [item] = itemsOf(answer);
		expect(Object.keys(item).slice(0, 4)).toEqual(['result', 'muted', 'verified', 'ActionID']);
		expect(item).toMatchObject({ muted: true, verified: true, ActionID: sim.issuedActionIds[0] });
		expect(item.result).toMatch(/^Muted and verified: /);
	});

	test('an unknown call ID and a call that ended: an answer whose result says NOT muted, with the attempt\'s audit, and nothing is muted', async () => {
		const { sim } = env;
		const unknown = await callTool('pause_recording', { callId: 'IVR-NOPE' });
		log(`pause_recording IVR-NOPE: ${JSON.stringify(unknown)}`);
		sim.endCall(SEED_IVRIDS.sipsip1Talking);
		const ended = await callTool('pause_recording', { callId: SEED_IVRIDS.sipsip1Talking });
		log(`pause_recording of the ended call ${SEED_IVRIDS.sipsip1Talking}: ${JSON.stringify(ended)}`);

		for (const [answer, callId] of [
			[unknown, 'IVR-NOPE'],
			[ended, SEED_IVRIDS.sipsip1Talking],
		] as const) {
			// The sub-workflow answers the failure as its result (its first word NOT), not as a thrown error.
			expect(answer.isError).toBeUndefined();
			const [item] = itemsOf(answer);
			expect(Object.keys(item)[0]).toBe('result');
			expect(item.result).toBe(
				`${NOT_MUTED}Mute of call ID "${callId}" failed (item 0): Voicenter answered ErrorCode 400: UniqueIvrID not found\n\n` +
					'Details: The call ID is wrong or the call has already ended. The recording state did not change.',
			);
			expect(item.audit).toMatchObject({ operation: 'mute', targetValue: callId, ActionID: null, requestedBy: 'MCP client (bearer token)', source: 'aiTool' });
		}
		expect(sim.calls().some((call) => call.isMuted)).toBe(false);
		expect(sim.issuedActionIds).toHaveLength(0);
	});

	test('resume_recording: the paused call records again, "Resumed and verified"', async () => {
		const { sim } = env;
		await callTool('pause_recording', { callId: SEED_IVRIDS.sipsip2Outgoing });
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(true);
		const answer = await callTool('resume_recording', { callId: SEED_IVRIDS.sipsip2Outgoing });
		log(`resume_recording ${SEED_IVRIDS.sipsip2Outgoing}: ${JSON.stringify(answer)}`);

		expect(answer.isError).toBeUndefined();
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
		const [item] = itemsOf(answer);
		expect(item).toMatchObject({ muted: false, verified: true, ActionID: sim.issuedActionIds[1] });
		expect(item.result).toMatch(/^Resumed and verified: /);
	});

	test('list_active_calls with no arguments lists every live call; with an extension, that extension\'s', async () => {
		const { sim } = env;
		const all = await callTool('list_active_calls', {});
		log(`list_active_calls {}: ${all.text}`);
		const [allItem] = itemsOf(all);
		const live = sim.calls().map((call) => call.ivrid);
		expect(allItem.result).toBe(`${live.length} live calls.`);
		expect((allItem.calls as Array<{ ivrid: string }>).map((call) => call.ivrid).sort()).toEqual([...live].sort());

		const [one] = itemsOf(await callTool('list_active_calls', { extension: SEED_EXTENSIONS.withTwoCalls }));
		expect((one.calls as Array<{ extension: string }>).map((call) => call.extension)).toEqual([SEED_EXTENSIONS.withTwoCalls, SEED_EXTENSIONS.withTwoCalls]);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
	});

	test('the pause ledger: a pause gets a row (pausedVia aiTool, by the MCP client), its resume ends it aiTool; a failed pause is a notPaused row', async () => {
		const { sim } = env;
		const rows = async () => await pauseLedgerRows(env.stack.n8n.url, env.stack.cookie);
		const before = new Set((await rows()).map((row) => row.id));
		/** The ledger writes after the tool has answered (Wait For Sub-Workflow Completion off): poll for it. */
		async function rowWhere(what: string, match: (row: LedgerRow) => boolean): Promise<LedgerRow> {
			for (const deadline = Date.now() + 30_000; ; ) {
				const row = (await rows()).find((candidate) => !before.has(candidate.id) && match(candidate));
				if (row !== undefined) return row;
				if (Date.now() > deadline) throw new Error(`No ledger row ${what} within 30 s: ${JSON.stringify(await rows())}`);
				await sleep(500);
			}
		}
		const callId = SEED_IVRIDS.sipsip2Outgoing;
		const [pause] = itemsOf(await callTool('pause_recording', { callId }));
		const muteActionId = String(pause.ActionID);
		const open = await rowWhere('open for the pause', (row) => row.muteActionId === muteActionId);
		log(`ledger row after pause_recording: ${JSON.stringify(open)}`);
		expect(open).toMatchObject({ callId, ending: 'open', pausedVia: 'aiTool', pausedBy: 'MCP client (bearer token)', muteVerified: true });
		expect(String(open.muteExecution)).toMatch(new RegExp(`^${kitWorkflowId(env, 'mcp-recording-tool')}/\\d+$`));

		const [resume] = itemsOf(await callTool('resume_recording', { callId }));
		const closed = await rowWhere('ended by the resume', (row) => row.id === open.id && row.ending !== 'open');
		log(`ledger row after resume_recording: ${JSON.stringify(closed)}`);
		expect(closed).toMatchObject({
			callId,
			ending: 'aiTool',
			pausedVia: 'aiTool',
			resumedVia: 'aiTool',
			resumedBy: 'MCP client (bearer token)',
			muteActionId,
			unmuteActionId: String(resume.ActionID),
			unmuteVerified: true,
		});
		expect(typeof closed.pauseSeconds).toBe('number');

		await callTool('pause_recording', { callId: 'IVR-NOPE' });
		const failed = await rowWhere('for the failed pause', (row) => row.ending === 'notPaused');
		log(`ledger row after a failed pause_recording: ${JSON.stringify(failed)}`);
		expect(failed).toMatchObject({ ending: 'notPaused', pausedVia: 'aiTool', pausedBy: 'MCP client (bearer token)', muteActionId: '' });
		expect(String(failed.problem)).toMatch(/UniqueIvrID not found/);
		expect(sim.issuedActionIds).toHaveLength(2);
	});

	test('what n8n stores: each tool call is an execution holding that one run, the tool not run again; a failed pause is a successful run too (its answer says NOT muted)', async () => {
		const { sim } = env;
		// An earlier test's last tool call may still be getting its execution stored.
		const before = new Set((await quietExecutions()).map((execution) => execution.id));
		await callTool('pause_recording', { callId: 'IVR-NOPE' });
		await callTool('pause_recording', { callId: SEED_IVRIDS.apiapiTalking });
		await callTool('list_active_calls', {});

		const expectedCount = 3;
		const deadline = Date.now() + 30_000;
		while ((await executionsOf(env, kitWorkflowId(env, 'ai-agent-mcp-tools'))).filter((execution) => !before.has(execution.id)).length < expectedCount) {
			if (Date.now() > deadline) throw new Error(`${expectedCount} executions were not stored within 30 s`);
			await sleep(250);
		}
		// Quiet again: a late execution (a tool run again, the failed call's on 1.x) would show up here.
		const added = (await quietExecutions()).filter((execution) => !before.has(execution.id));
		const stored = await Promise.all(added.map(async (execution) => await storedExecution(env, execution.id)));

		const summaries = stored.map(({ id, mode, status, runData }) => ({
			id,
			mode,
			status,
			runs: Object.fromEntries(
				Object.entries(runData).map(([node, runs]) => [
					node,
					runs.map((run) => ({ status: (run as { executionStatus?: string }).executionStatus, error: run.error?.message })),
				]),
			),
		}));
		log(`stored executions for a failed pause, a pause and a list: ${JSON.stringify(summaries, null, 2)}`);

		const execution = (tool: string, run: { status: string; error?: unknown }) => ({
			mode: 'webhook',
			status: 'success',
			runs: { 'MCP Server Trigger': [{ status: 'success', error: undefined }], [tool]: [{ error: undefined, ...run }] },
		});
		// The failed pause's run succeeds as well: the sub-workflow answers the failure as its result.
		const expected = [
			execution('pause_recording', { status: 'success' }),
			execution('pause_recording', { status: 'success' }),
			execution('list_active_calls', { status: 'success' }),
		];
		expect(summaries).toHaveLength(expected.length);
		expect(summaries).toEqual(expect.arrayContaining(expected.map((summary) => expect.objectContaining(summary))));
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ ivrid: 'IVR-NOPE', state: '1' },
			{ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' },
		]);
	});

	test('without the token, or with a wrong one, n8n refuses before any tool runs, even with a live session ID', async () => {
		const { sim } = env;
		const sessionId = connection.transport.sessionId;
		expect(sessionId).toBeDefined();
		const pause = { jsonrpc: '2.0', id: 99, method: 'tools/call', params: { name: 'pause_recording', arguments: { callId: SEED_IVRIDS.apiapiTalking } } };
		for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`]) {
			const response = await fetch(mcpUrl(), {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					accept: 'application/json, text/event-stream',
					'mcp-session-id': sessionId!,
					...(authorization === undefined ? {} : { authorization }),
				},
				body: JSON.stringify(pause),
			});
			const text = await response.text();
			log(`tools/call with authorization ${authorization ?? '(none)'}: HTTP ${response.status} ${text}`);
			expect({ status: response.status, text }).toEqual({ status: 403, text: 'Authorization data is wrong!' });
		}
		for (const token of [undefined, 'wrong-token']) {
			const refused = await connect(token).then(
				() => 'connected',
				(error: Error) => error.message,
			);
			log(`SDK connect with token ${token ?? '(none)'}: ${refused}`);
			expect(refused).toBe('Streamable HTTP error: Error POSTing to endpoint: Authorization data is wrong!');
		}
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
		expect(sim.calls().some((call) => call.isMuted)).toBe(false);
	});
});
