import fs from 'node:fs';
import path from 'node:path';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../simulator/voicenterSimulator';
import { runWorkflow } from './engine/runWorkflow';
import type { WorkflowDefinition } from './engine/runWorkflow';
import { savedByVersion1 } from './engine/savedByVersion1';
import { PACKAGE_DIR } from './engine/loadNodeTypes';
import { exampleWorkflow as example } from './engine/workflows';
import { MCP_RECORDING_TOOL_CALLED_AS as MCP_RECORDING_TOOL_WORKFLOW_ID, PAUSE_LEDGER_CALLED_AS as PAUSE_LEDGER_WORKFLOW_ID } from '../nodes/Voicenter/kit/kitContents';
import { LONGEST_CALL_MS } from '../nodes/Voicenter/ledger/forgetOldCalls';
import { LEDGER_COLUMNS } from '../nodes/Voicenter/ledger/ledgerTypes';
import { POSTGRES_LEDGER_TABLE } from '../nodes/Voicenter/kit/kitContents';
import { SECRET_TOKEN, items, useSimulator } from './support';

const harness = useSimulator();

/** Runs an example as its webhook would, with `body` as the request body. */
async function runExample(workflow: string | WorkflowDefinition, body: Record<string, unknown>, user = 'dana@crm') {
	return await runWorkflow(typeof workflow === 'string' ? example(workflow) : workflow, {
		// What the Webhook node emits for a request whose token n8n's JWT Auth verified: its claims in jwtPayload.
		input: items({ body, jwtPayload: { sub: user } }),
		credentials: { 'voicenter-simulator': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
	});
}

describe('the example workflows run in n8n\'s engine with n8n\'s own Webhook and Respond to Webhook nodes', () => {
	test('webhook → Mute by extension → the ActionID reaches Respond to Webhook', async () => {
		const { sim } = harness;
		const result = await runExample('mute-by-extension-webhook.json', { extension: SEED_EXTENSIONS.withTwoCalls });

		expect(result.error).toBeUndefined();
		expect(sim.callsOf(SEED_EXTENSIONS.withTwoCalls).every((call) => call.isMuted)).toBe(true);
		expect(result.sentResponses).toHaveLength(1);
		expect(result.sentResponses[0].body).toEqual({
			muted: true,
			actionId: sim.issuedActionIds[0],
			extension: SEED_EXTENSIONS.withTwoCalls,
		});
		// After the reply, the pause ledger gets the item with its audit record; the CRM never waits for it.
		expect(result.subWorkflowCalls).toEqual([
			{ workflowId: PAUSE_LEDGER_WORKFLOW_ID, waited: false, items: [expect.objectContaining({ json: expect.objectContaining({ audit: expect.objectContaining({ operation: 'mute', ActionID: sim.issuedActionIds[0] }) }) })] },
		]);
	});

	test('webhook → Unmute by call ID over GET', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await runExample('unmute-by-call-id-get.json', { callId: SEED_IVRIDS.sipsip2Outgoing });

		expect(result.error).toBeUndefined();
		expect(sim.requestsTo('MuteUnmuteCalls')[0]).toMatchObject({
			method: 'GET',
			query: { ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' },
		});
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
		expect(result.sentResponses[0].body).toMatchObject({ muted: false, actionId: sim.issuedActionIds[0] });
	});

	test('webhook → verified Mute → the reply says verified, with each call\'s state and the audit record', async () => {
		const { sim } = harness;
		const result = await runExample('mute-verified-webhook.json', { extension: SEED_EXTENSIONS.withTwoCalls });

		expect(result.error).toBeUndefined();
		const body = result.sentResponses[0].body as Record<string, unknown>;
		expect(body).toMatchObject({ muted: true, verified: true, actionId: sim.issuedActionIds[0] });
		expect((body.calls as Array<{ isMuted: boolean }>).map((call) => call.isMuted)).toEqual([true, true]);
		// The CRM's user, from its verified token, and the door it came through.
		expect(body.audit).toMatchObject({ requestedState: 'muted', verified: true, ActionID: sim.issuedActionIds[0], requestedBy: 'dana@crm', source: 'webhook' });
	});

	test('a verified mute that does not take effect fails the workflow instead of replying "muted"', async () => {
		const { sim } = harness;
		sim.setMuteBehaviour({ kind: 'never' });
		const workflow = example('mute-verified-webhook.json');
		const mute = workflow.nodes.find((node) => node.type.endsWith('voicenterRecording'))!;
		mute.parameters.options = { verify: true, verifyTimeout: 800 };
		const result = await runExample(workflow, { extension: SEED_EXTENSIONS.apiapi });

		expect(result.sentResponses).toHaveLength(1);
		expect(result.sentResponses[0].statusCode).toBe(500);
		expect(result.sentResponses[0].body).toMatchObject({
			muted: false,
			verified: false,
			extension: SEED_EXTENSIONS.apiapi,
			error: expect.stringMatching(/did not show muted within 800 ms/),
			calls: [expect.objectContaining({ isMuted: false })],
			audit: expect.objectContaining({ requestedState: 'muted', verified: false, ActionID: sim.issuedActionIds[0] }),
		});
		// The execution still ends as failed, so n8n's error workflow and execution list show it.
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/did not show muted within 800 ms/);
	});

	test('an unknown extension: the CRM gets HTTP 500 saying the call is NOT muted, and the execution fails', async () => {
		const result = await runExample('mute-by-extension-webhook.json', { extension: 'NOSUCH' }, 'crm-user-17');

		expect(result.sentResponses).toHaveLength(1);
		expect(result.sentResponses[0].statusCode).toBe(500);
		expect(result.sentResponses[0].body).toMatchObject({
			muted: false,
			extension: 'NOSUCH',
			error: expect.stringMatching(/Extension not found/),
			description: expect.stringContaining('NOT muted'),
			// A failed attempt names who asked too.
			audit: expect.objectContaining({ requestedState: 'muted', targetValue: 'NOSUCH', ActionID: null, requestedBy: 'crm-user-17', source: 'webhook' }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Extension not found/);
		// The failed attempt reaches the pause ledger before the execution fails.
		expect(result.subWorkflowCalls).toHaveLength(1);
		expect(result.subWorkflowCalls[0]).toMatchObject({ workflowId: PAUSE_LEDGER_WORKFLOW_ID, waited: false });
		expect(result.subWorkflowCalls[0].items[0].json.error).toMatchObject({ audit: expect.objectContaining({ targetValue: 'NOSUCH', requestedBy: 'crm-user-17' }) });
	});

	test('a failed unmute: the CRM gets HTTP 500 saying the recording did NOT resume', async () => {
		const result = await runExample('unmute-by-call-id-get.json', { callId: '2020101201ffffffff' });

		expect(result.sentResponses).toHaveLength(1);
		expect(result.sentResponses[0].statusCode).toBe(500);
		expect(result.sentResponses[0].body).toMatchObject({
			unmuted: false,
			callId: '2020101201ffffffff',
			error: expect.stringMatching(/UniqueIvrID not found/),
		});
		expect(result.status).toBe('error');
	});
});

describe('the MCP example\'s recording tool sub-workflow (examples/mcp-recording-tool.json), as pause_recording and resume_recording call it', () => {
	/** Runs the sub-workflow as a Call n8n Workflow Tool does: one item with the tool's inputs. */
	async function runTool(operation: 'mute' | 'unmute', callId: string) {
		return await runWorkflow(example('mcp-recording-tool.json'), {
			input: items({ operation, callId }),
			credentials: { 'voicenter-simulator': { baseUrl: harness.sim.baseUrl, apiToken: SECRET_TOKEN } },
		});
	}
	/** What the tool returns to the model: the first item of the last node that ran. */
	const answerOf = (result: Awaited<ReturnType<typeof runTool>>) => {
		const { lastNodeExecuted, runData } = result.run.data.resultData;
		const runs = runData[lastNodeExecuted!];
		return runs[runs.length - 1].data!.main[0]![0].json;
	};

	test('the MCP example calls it from pause_recording and resume_recording, with the operation fixed and the call ID from the model', () => {
		const mcp = example('ai-agent-mcp-tools.json');
		const tools = Object.fromEntries(mcp.nodes.filter((node) => node.type === '@n8n/n8n-nodes-langchain.toolWorkflow').map((node) => [node.name, node.parameters]));
		expect(Object.keys(tools).sort()).toEqual(['pause_recording', 'resume_recording']);
		for (const [name, operation] of [['pause_recording', 'mute'], ['resume_recording', 'unmute']] as const) {
			expect(tools[name]).toMatchObject({
				workflowId: { value: MCP_RECORDING_TOOL_WORKFLOW_ID },
				workflowInputs: { value: { operation, callId: expect.stringMatching(/^=\{\{ \$fromAI\('callId', 'The Voicenter call ID \(ivrid\)/) } },
			});
		}
	});

	test('pause: verified mute, the ledger gets the Voicenter item with its audit (source aiTool, the MCP client), the model gets "Muted and verified" first', async () => {
		const { sim } = harness;
		const result = await runTool('mute', SEED_IVRIDS.apiapiTalking);

		expect(result.error).toBeUndefined();
		expect(sim.call(SEED_IVRIDS.apiapiTalking)!.isMuted).toBe(true);
		expect(result.subWorkflowCalls).toEqual([
			{
				workflowId: PAUSE_LEDGER_WORKFLOW_ID,
				waited: false,
				items: [expect.objectContaining({ json: expect.objectContaining({ audit: expect.objectContaining({ operation: 'mute', ActionID: sim.issuedActionIds[0], source: 'aiTool', requestedBy: 'MCP client (bearer token)' }) }) })],
			},
		]);
		const answer = answerOf(result);
		expect(Object.keys(answer).slice(0, 4)).toEqual(['result', 'muted', 'verified', 'ActionID']);
		expect(answer).toMatchObject({ muted: true, verified: true, ActionID: sim.issuedActionIds[0] });
		expect(answer.result).toBe(
			`Muted and verified: the recording of call ID "${SEED_IVRIDS.apiapiTalking}" is paused; Voicenter's Active Calls show it. ActionID ${sim.issuedActionIds[0]}.`,
		);
	});

	test('resume: verified unmute, the ledger gets its audit, the model gets "Resumed and verified"', async () => {
		const { sim } = harness;
		sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
		const result = await runTool('unmute', SEED_IVRIDS.sipsip2Outgoing);

		expect(result.error).toBeUndefined();
		expect(sim.call(SEED_IVRIDS.sipsip2Outgoing)!.isMuted).toBe(false);
		expect(result.subWorkflowCalls).toHaveLength(1);
		expect(result.subWorkflowCalls[0].items[0].json.audit).toMatchObject({ operation: 'unmute', source: 'aiTool', requestedBy: 'MCP client (bearer token)' });
		expect(answerOf(result)).toMatchObject({ muted: false, verified: true, ActionID: sim.issuedActionIds[0], result: expect.stringMatching(/^Resumed and verified: /) });
	});

	test('an unknown call ID: nothing muted, the ledger gets the failure\'s audit, the model gets "NOT muted (treat the call as still being recorded): …"', async () => {
		const { sim } = harness;
		const result = await runTool('mute', 'IVR-NOPE');

		expect(result.error).toBeUndefined();
		expect(sim.calls().some((call) => call.isMuted)).toBe(false);
		expect(result.subWorkflowCalls).toHaveLength(1);
		expect(result.subWorkflowCalls[0]).toMatchObject({ workflowId: PAUSE_LEDGER_WORKFLOW_ID, waited: false });
		expect(result.subWorkflowCalls[0].items[0].json.error).toMatchObject({ audit: expect.objectContaining({ operation: 'mute', targetValue: 'IVR-NOPE', source: 'aiTool' }) });
		const answer = answerOf(result);
		expect(Object.keys(answer)[0]).toBe('result');
		expect(answer.result).toBe(
			'NOT muted (treat the call as still being recorded): Mute of call ID "IVR-NOPE" failed (item 0): Voicenter answered ErrorCode 400: UniqueIvrID not found\n\n' +
				'Details: The call ID is wrong or the call has already ended. The recording state did not change.',
		);

		const resume = answerOf(await runTool('unmute', 'IVR-NOPE'));
		expect(resume.result).toMatch(/^NOT resumed \(treat the recording as still paused\): Unmute of call ID "IVR-NOPE" failed/);
	});
});

describe('the examples as version 1 of the node saved them (plain text targets) run exactly as version 2', () => {
	test.each([
		['mute-by-extension-webhook.json', { extension: SEED_EXTENSIONS.withTwoCalls }],
		['unmute-by-call-id-get.json', { callId: SEED_IVRIDS.sipsip2Outgoing }],
		['mute-verified-webhook.json', { extension: SEED_EXTENSIONS.apiapi }],
	])('%s', async (file, body) => {
		const { sim } = harness;
		const runs = [];
		for (const workflow of [example(file), savedByVersion1(example(file))]) {
			sim.reset();
			const result = await runExample(workflow, body);
			const { requests, issuedActionIds } = sim;
			runs.push({
				error: result.error,
				requests: requests.map(({ endpoint, method, body: sent, query }) => ({ endpoint, method, sent, query })),
				// The ActionID, time and execution differ per run; where they appear is what must match.
				reply: JSON.parse(
					JSON.stringify(result.sentResponses[0].body, (key, value) =>
						['timestamp', 'executionId', 'workflowId'].includes(key) ? '<per run>' : value,
					)
						.split(issuedActionIds[0])
						.join('<ActionID>'),
				),
			});
		}
		expect(savedByVersion1(example(file)).nodes.find((node) => node.type.endsWith('voicenterRecording'))?.typeVersion).toBe(1);
		expect(runs[0].error).toBeUndefined();
		expect(runs[0].requests.length).toBeGreaterThan(0);
		expect(runs[1]).toEqual(runs[0]);
	});
});

describe('the shipped workflows decide nothing in a Code node: they run where n8n\'s Code node is turned off', () => {
	const files = fs.readdirSync(path.join(PACKAGE_DIR, 'examples')).filter((file) => file.endsWith('.json'));

	test.each(files)('%s has no Code or Function node', (file) => {
		const types = example(file).nodes.map((node) => node.type);
		expect(types.length).toBeGreaterThan(0);
		expect(types.filter((type) => /^n8n-nodes-base\.(code|function|functionItem)$/.test(type))).toEqual([]);
	});

	test('the pause ledger: the Voicenter Pause Ledger node decides, n8n\'s Data Table node alone touches the table', () => {
		const ledger = example('pause-ledger.json');
		const operations = ledger.nodes.filter((node) => node.type === 'n8n-nodes-voicenter.voicenterPauseLedger').map((node) => node.parameters.operation);
		expect([...operations].sort()).toEqual(['addEntries', 'buildReport', 'planRetention', 'readReportRequest']);
		const tableNodes = ledger.nodes.filter((node) => node.type === 'n8n-nodes-base.dataTable');
		expect(tableNodes.map((node) => `${node.parameters.operation}`).sort()).toEqual(['deleteRows', 'deleteRows', 'get', 'get', 'get', 'insert']);
		// A write the table did not take goes to the alert, never silently on.
		const write = ledger.nodes.find((node) => node.name === 'Add the entries')!;
		expect(write.onError).toBe('continueRegularOutput');
		expect(ledger.connections['Add the entries'].main[0]).toEqual([{ node: 'Written?', type: 'main', index: 0 }]);
		expect(ledger.connections['Written?'].main[1]).toEqual([{ node: 'Sign the ledger alert', type: 'main', index: 0 }]);
		expect(ledger.connections['What to write'].main[1]).toEqual([{ node: 'Sign the ledger alert', type: 'main', index: 0 }]);
	});

	test("the report reads at most one entry more than it takes, and answers with the Build Report's status", () => {
		const read = example('pause-ledger.json').nodes.find((node) => node.name === 'Entries of those days')!;
		expect(read.parameters).toMatchObject({ returnAll: false, limit: "={{ $('Read Report Request').first().json.readAtMost }}" });
		const show = example('pause-report.json').nodes.find((node) => node.name === 'Show the report')!;
		expect(show.parameters).toMatchObject({ options: { responseCode: '={{ $json.statusCode ?? 200 }}' } });
	});

	test('retention deletes by time in one go, then only the calls found on both sides of the cut-off', () => {
		const ledger = example('pause-ledger.json');
		const node = (name: string) => ledger.nodes.find((candidate) => candidate.name === name)!;
		// One delete filtered on the time alone: a single pass over the table, however many calls it forgets.
		expect(node('Forget entries before the cut-off').parameters).toMatchObject({
			operation: 'deleteRows',
			filters: { conditions: [{ keyName: 'at', condition: 'lt', keyValue: '={{ $json.forget.pausedBefore }}' }] },
		});
		// The days read after the cut-off are the days a call can last (the planner's LONGEST_CALL_MS).
		const days = LONGEST_CALL_MS / 86_400_000;
		expect(node('Entries just after the cut-off').parameters).toMatchObject({
			operation: 'get',
			filters: {
				conditions: [
					{ keyName: 'at', condition: 'gte', keyValue: '={{ $json.forget.pausedBefore }}' },
					{ keyName: 'at', condition: 'lt', keyValue: `={{ DateTime.fromISO($json.forget.pausedBefore).plus({ days: ${days} }).toUTC().toISO() }}` },
				],
			},
		});
		// Both reach the planner, even when one of them found nothing.
		expect(node('Forget entries before the cut-off').alwaysOutputData).toBe(true);
		expect(node('Entries just after the cut-off').alwaysOutputData).toBe(true);
		expect(ledger.connections['Which request?'].main[1]!.map((to) => to.node).sort()).toEqual(['Entries just after the cut-off', 'Forget entries before the cut-off']);
		expect(ledger.connections['Forget entries before the cut-off'].main[0]).toEqual([{ node: 'Both sides of the cut-off', type: 'main', index: 0 }]);
		expect(ledger.connections['Entries just after the cut-off'].main[0]).toEqual([{ node: 'Both sides of the cut-off', type: 'main', index: 1 }]);
		expect(ledger.connections['Both sides of the cut-off'].main[0]).toEqual([{ node: 'Calls to forget', type: 'main', index: 0 }]);
		expect(ledger.connections['Calls to forget'].main[0]).toEqual([{ node: 'Forget the rest of those calls', type: 'main', index: 0 }]);
	});
});

describe("the PostgreSQL ledger: the Data Table ledger's workflow with its table in the user's database", () => {
	const dataTable = example('pause-ledger.json');
	const postgres = example('pause-ledger-postgres.json');
	const setUp = example('pause-ledger-postgres-setup.json');
	const STORAGE_NODES = ['Add the entries', 'Newest entry', 'Entries of those days', 'Forget old calls'];
	/** What PostgreSQL's one indexed read, and not storing successful runs, allow: a month of a ledger of a million entries a year. */
	const POSTGRES_MOST_ENTRIES = 100_000;
	const node = (workflow: WorkflowDefinition, name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
	const query = (name: string) => String(node(postgres, name).parameters.query);

	test('every node that is not about storage is the Data Table ledger\'s own, so the two cannot drift apart', () => {
		const shared = postgres.nodes.filter((each) => !STORAGE_NODES.includes(each.name));
		expect(shared.length).toBeGreaterThan(8);
		for (const each of shared) {
			const twin = dataTable.nodes.find((candidate) => candidate.name === each.name)!;
			// The notes that name the storage differ, and a report may read more entries.
			const { mostEntries, ...parameters } = each.parameters as Record<string, unknown>;
			expect(mostEntries).toBe(each.name === 'Read Report Request' ? POSTGRES_MOST_ENTRIES : undefined);
			expect({ ...each, parameters, notes: undefined }).toEqual({ ...twin, notes: undefined });
		}
		expect(postgres.nodes.filter((each) => each.type === 'n8n-nodes-base.postgres').map((each) => each.name).sort()).toEqual([...STORAGE_NODES].sort());
		expect(postgres.nodes.filter((each) => each.type === 'n8n-nodes-base.dataTable')).toEqual([]);
		// The same id and name: the other workflows call it, whichever storage it has. Its successful
		// runs are not stored: the table is the record, and a report's run would hold every entry again.
		const { nodes: _postgresNodes, connections: _postgresConnections, settings, ...postgresWorkflow } = postgres as typeof postgres & { settings: Record<string, unknown> };
		const { nodes: _dataTableNodes, connections: _dataTableConnections, settings: dataTableSettings, ...dataTableWorkflow } = dataTable as typeof dataTable & { settings: Record<string, unknown> };
		expect(postgresWorkflow).toEqual(dataTableWorkflow);
		expect(settings).toEqual({ ...dataTableSettings, saveDataSuccessExecution: 'none' });
		const { 'Which request?': which, ...rest } = postgres.connections;
		expect(which.main.slice(0, 1)).toEqual(dataTable.connections['Which request?'].main.slice(0, 1));
		expect(which.main[1]).toEqual([{ node: 'Forget old calls', type: 'main', index: 0 }]);
		expect(which.main[2]).toEqual(dataTable.connections['Which request?'].main[2]);
		for (const [from, to] of Object.entries(rest)) expect(to).toEqual(dataTable.connections[from]);
	});

	test("each storage node uses the kit's database credential, takes values only as $n parameters, and fails into the alert as the Data Table's do", () => {
		for (const each of [...postgres.nodes, ...setUp.nodes].filter((candidate) => candidate.type === 'n8n-nodes-base.postgres')) {
			expect(each.credentials).toEqual({ postgres: { id: 'voicenter-ledger-postgres', name: 'Pause ledger database' } });
			expect(JSON.stringify(each.parameters.query ?? '')).not.toContain('{{');
		}
		expect(node(postgres, 'Add the entries').parameters).toMatchObject({ table: { value: POSTGRES_LEDGER_TABLE }, columns: { mappingMode: 'autoMapInputData' }, options: { queryBatching: 'independently' } });
		expect(node(postgres, 'Add the entries').onError).toBe('continueRegularOutput');
		expect(query('Entries of those days')).toMatch(/LIMIT \$3$/);
		expect(node(postgres, 'Entries of those days').parameters.options).toEqual({
			queryReplacement: "={{ [ $('Read Report Request').first().json.readFrom, $('Read Report Request').first().json.readTo, $('Read Report Request').first().json.readAtMost ] }}",
		});
		expect(node(postgres, 'Forget old calls').parameters.options).toEqual({ queryReplacement: '={{ [ $json.forget.pausedBefore ] }}' });
	});

	test("retention's reach past the cut-off is the time a call can last (the planner's LONGEST_CALL_MS)", () => {
		expect(query('Forget old calls')).toContain(`$1::timestamptz + interval '${LONGEST_CALL_MS / 86_400_000} days'`);
	});

	test('the set-up creates every column the ledger writes, with its type, and the indexes the reads use', () => {
		const sql = String(node(setUp, 'Create the table and its indexes').parameters.query);
		const sqlType = { string: 'text', date: 'timestamptz', boolean: 'boolean', number: 'double precision' } as const;
		for (const { name, type } of LEDGER_COLUMNS) {
			const column = name === name.toLowerCase() && name !== 'by' ? name : `"${name}"`;
			expect(sql).toContain(`ADD COLUMN IF NOT EXISTS ${column} ${sqlType[type]}`);
		}
		expect(sql.match(/ADD COLUMN IF NOT EXISTS/g)).toHaveLength(LEDGER_COLUMNS.length);
		expect(sql).toContain(`CREATE INDEX IF NOT EXISTS ${POSTGRES_LEDGER_TABLE}_at ON ${POSTGRES_LEDGER_TABLE} (at)`);
		expect(sql).toContain(`CREATE INDEX IF NOT EXISTS ${POSTGRES_LEDGER_TABLE}_call ON ${POSTGRES_LEDGER_TABLE} ("callId", at)`);
		expect(sql.trim()).toMatch(/SELECT count\(\*\)::int AS entries FROM voicenter_pause_ledger;$/);
	});
});
