import fs from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { PACKAGE_DIR } from '../engine/loadNodeTypes';
import { launchChromium, screenshots, shown, showsText } from './browser';
import { executionsOf, kitWorkflowId, newestExecution, restGet, useRealN8n, ledgerIdle } from './stack';
import { n8nMajor, selectedN8nVersion } from '../../scripts/n8n/n8nRuntime';

/** The agent's pause form example: its id and its Form Trigger's path. */
const FORM_PATH = 'voicenter/agent-pause';

/** The example with the Resume page's limit at 6 s (the example waits 10 minutes) and its ending pages' at 3 s, on a path of its own. */
const SHORT_LIMIT_SECONDS = 6;
const SHORT_WORKFLOW_ID = 'VcAgentPauseTst1';
const SHORT_FORM_PATH = 'voicenter/agent-pause-short';

function shortLimitVariant(): Record<string, unknown> {
	const definition = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples', 'agent-pause-form.json'), 'utf8'));
	for (const node of definition.nodes as Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>) {
		if (node.type === 'n8n-nodes-base.formTrigger') (node.parameters.options as Record<string, unknown>).path = SHORT_FORM_PATH;
		if (node.parameters.limitWaitTime === true) {
			// The Form node's limit is in minutes at the finest (two decimals).
			node.parameters.resumeAmount = node.name === 'Page: recording paused' ? SHORT_LIMIT_SECONDS / 60 : 0.05;
		}
		// Webhook ids are unique per instance: the example itself is imported too.
		if (node.webhookId !== undefined) node.webhookId = `${node.webhookId.slice(0, -4)}beef`;
	}
	return { ...definition, name: `${definition.name} (${SHORT_LIMIT_SECONDS} s limit)` };
}

/**
 * The form signs agents in with their n8n account (Form Trigger 2.6, n8n User Auth), which only n8n
 * 2.x has: on 1.x the example is imported but not active (scripts/n8n/exampleWorkflows.ts).
 */
const FORM_RUNS_HERE = n8nMajor(selectedN8nVersion()) >= 2;

const env = useRealN8n([{ id: SHORT_WORKFLOW_ID, active: FORM_RUNS_HERE, definition: shortLimitVariant() }]);
const screenshot = screenshots('form');
/** The page's form or message box, what the README pictures of it show. */
const card = (page: Page) => page.locator('.card').filter({ visible: true });

let browser: Browser;
let context: BrowserContext;

/** The agent's browser: signed in to n8n as the owner, whom the example's list of agents gives SIPSIP1. */
const AGENT_EXTENSION = SEED_EXTENSIONS.withTwoCalls;

beforeAll(async () => {
	if (!FORM_RUNS_HERE) return;
	browser = await launchChromium();
	context = await browser.newContext({ viewport: { width: 900, height: 900 } });
	await context.addCookies([{ ...sessionCookie(env.stack.cookie), url: env.stack.n8n.url }]);
	// The first time, n8n asks the signed-in agent to let each form run with his n8n login; it remembers the answer.
	for (const formPath of [FORM_PATH, SHORT_FORM_PATH]) {
		const page = await context.newPage();
		await page.goto(`${env.stack.n8n.url}/form/${formPath}`);
		const allow = page.getByRole('button', { name: 'Allow access' });
		await shown(allow, 30_000);
		if (formPath === FORM_PATH) await screenshot(page, 'consent-once');
		await allow.click();
		await showsText(page.locator('h1'), 'Pause call recording', 30_000);
		await page.close();
	}
}, 120_000);

afterAll(async () => await browser?.close());

/** What an agent does: open the form, fill it in, press the button; the page that follows. */
async function submitForm(
	fields: { extension?: string; phone?: string; reason: string },
	shotName?: string,
	formPath = FORM_PATH,
): Promise<Page> {
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);
	await page.goto(`${env.stack.n8n.url}/form/${formPath}`);
	await showsText(page.locator('h1'), 'Pause call recording');
	if (fields.extension !== undefined) await page.getByLabel('Your extension').fill(fields.extension);
	if (fields.phone !== undefined) await page.getByLabel('Customer phone number').fill(fields.phone);
	await page.getByLabel('Reason').selectOption(fields.reason);
	if (shotName !== undefined) await screenshot(page, shotName, card(page));
	await page.getByRole('button', { name: 'Pause recording' }).click();
	return page;
}

/** The completion page's text once its heading shows `title`. */
async function completionText(page: Page, title: string): Promise<string> {
	await showsText(page.locator('h1'), title, 30_000);
	return await page.locator('body').innerText();
}

/** The paused page's Resume button, which must be there to be pressed. */
async function resumeButton(page: Page) {
	const button = page.getByRole('button', { name: 'Resume recording' });
	await shown(button);
	return button;
}

/** The owner's session cookie (`n8n-auth=…`) as a browser cookie. */
function sessionCookie(header: string): { name: string; value: string } {
	const [name, ...value] = header.split(';')[0].split('=');
	return { name, value: value.join('=') };
}

/** A form submission as a browser sends it (multipart). */
function formBody(fields: Record<string, string>): FormData {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.append(name, value);
	return body;
}

const mutedCalls = () => env.sim.calls().filter((call) => call.isMuted).map((call) => call.ivrid).sort();

if (!FORM_RUNS_HERE) {
	describe("n8n 1.x: the agent's pause form is not served", () => {
		test("the installer leaves it out; imported by hand, its Form Trigger (n8n sign-in) is unknown to 1.x, so n8n refuses to switch it on; its URL answers nobody and nothing reaches Voicenter", async () => {
			// The installer's activation run polled Active Calls once for the watchdog (then turned off here).
			env.sim.reset();
			const started = Date.now();
			expect(env.stack.kit.things.find((thing) => thing.key === 'agent-pause-form')).toMatchObject({ status: 'skipped', id: '' });
			// What *Import from File* does: the example saved as a new workflow.
			const definition = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'examples', 'agent-pause-form.json'), 'utf8')) as Record<string, unknown>;
			const rest = async (route: string, method: string, body: unknown) =>
				await fetch(`${env.stack.n8n.url}/rest/${route}`, { method, headers: { cookie: env.stack.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
			const imported = ((await (await rest('workflows', 'POST', { ...definition, active: false })).json()) as { data: { id: string; versionId: string } }).data;
			const activation = await rest(`workflows/${imported.id}`, 'PATCH', { active: true, versionId: imported.versionId });
			const answer = await activation.text();
			process.stdout.write(`n8n ${env.stack.setup.runtime.version} asked to activate the form: HTTP ${activation.status} ${answer.slice(0, 300)}\n`);
			expect((await restGet<{ active: boolean }>(env, `workflows/${imported.id}`)).active).toBe(false);
			for (const method of ['GET', 'POST']) {
				expect((await fetch(`${env.stack.n8n.url}/form/${FORM_PATH}`, { method })).status).toBe(404);
			}
			expect(env.sim.requests).toEqual([]);
			expect(await executionsOf(env, imported.id, started)).toEqual([]);
		});
	});
}

if (FORM_RUNS_HERE) describe("the agent's pause form in a real n8n, filled in and submitted in Chromium", () => {
	beforeEach(async () => {
		await ledgerIdle(env);
		env.sim.reset();
	});

	test('the form as an agent first sees it', async () => {
		const page = await context.newPage();
		await page.goto(`${env.stack.n8n.url}/form/${FORM_PATH}`);
		await showsText(page.locator('h1'), 'Pause call recording');
		await screenshot(page, 'empty-form');
		expect(await page.locator('body').innerText()).toContain('Wait for the confirmation page');
		await page.close();
	});

	test("an agent's bookmark opens the form with their extension filled in", async () => {
		const page = await context.newPage();
		await page.goto(`${env.stack.n8n.url}/form/${FORM_PATH}?Your%20extension=${SEED_EXTENSIONS.apiapi}`);
		expect(await page.getByLabel('Your extension').inputValue()).toBe(SEED_EXTENSIONS.apiapi);
		expect(await page.getByLabel('Customer phone number').inputValue()).toBe('');
		await page.close();
	});

	test('by extension: the page says paused with the ActionID Voicenter issued; Resume records every call on the extension again', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: SEED_EXTENSIONS.withTwoCalls, reason: 'Card payment' }, 'filled-in-by-extension');

		const text = await completionText(page, 'Recording paused');
		const resume = await resumeButton(page);
		await screenshot(page, 'paused-with-resume-button', card(page));
		expect(sim.issuedActionIds).toHaveLength(1);
		expect(text).toContain('Voicenter confirmed it');
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[0]}`);
		expect(text).toContain('Reason: Card payment');
		expect(text).toContain('If you do nothing, recording resumes by itself after 10 minutes.');
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());

		await resume.click();
		const resumed = await completionText(page, 'Recording resumed');
		await screenshot(page, 'resumed');
		expect(sim.issuedActionIds).toHaveLength(2);
		expect(resumed).toContain('being recorded again, and Voicenter confirmed it');
		expect(resumed).toContain(`Reference (ActionID): ${sim.issuedActionIds[1]}`);
		expect(resumed).toContain('Resumed when you pressed Resume recording.');
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' },
			{ extension: SEED_EXTENSIONS.withTwoCalls, state: '0' },
		]);
		// The ending page resumes the execution once shown; it then ends as a success.
		const execution = await newestExecution(env, { workflowId: kitWorkflowId(env, 'agent-pause-form'), status: 'success', since: started }, 15_000);
		expect(execution).toContain(sim.issuedActionIds[1]);
		await page.close();
	});

	test("by the customer's phone number: only that call is muted, the page says paused, and Resume records it again", async () => {
		const { sim } = env;
		// The customer on SIPSIP1's talking call.
		const page = await submitForm({ phone: '052-765-4321', reason: 'ID number' });

		const text = await completionText(page, 'Recording paused');
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[0]}`);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1Talking]);

		await (await resumeButton(page)).click();
		await completionText(page, 'Recording resumed');
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ ivrid: SEED_IVRIDS.sipsip1Talking, state: '1' },
			{ ivrid: SEED_IVRIDS.sipsip1Talking, state: '0' },
		]);
		await page.close();
	});

	test('the call ends before Resume: the page says NOT resumed, that the call is not recorded and what to do; the execution fails', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: AGENT_EXTENSION, reason: 'Card payment' });
		await completionText(page, 'Recording paused');
		sim.endCall(SEED_IVRIDS.sipsip1Talking);
		sim.endCall(SEED_IVRIDS.sipsip1OnHold);

		await (await resumeButton(page)).click();
		const text = await completionText(page, 'Recording NOT resumed');
		await screenshot(page, 'not-resumed');
		expect(text).toContain('The recording was NOT resumed. The call is still NOT being recorded.');
		expect(text).toContain('Voicenter back office');
		expect(text).toContain('tell a supervisor');
		expect(text).toMatch(/Why: .*SIPSIP1.*had no live call/);
		expect(text).not.toMatch(/Reference \(ActionID\)|being recorded again/);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: AGENT_EXTENSION, state: '1' },
			{ extension: AGENT_EXTENSION, state: '0' },
		]);
		const execution = await newestExecution(env, { workflowId: kitWorkflowId(env, 'agent-pause-form'), status: 'error', since: started }, 15_000);
		expect(execution).toContain('Fail the execution (not resumed)');
		await page.close();
	});

	test('nobody presses Resume: after the time limit the recording resumes by itself and the execution ends a success', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: AGENT_EXTENSION, reason: 'Card payment' }, undefined, SHORT_FORM_PATH);
		await completionText(page, 'Recording paused');
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());

		// n8n's wait tracker looks for due executions once a minute: the limit plus up to a minute,
		// and as much again for the ending page's own limit.
		const execution = await newestExecution(env, { workflowId: SHORT_WORKFLOW_ID, status: 'success', since: started }, (2 * SHORT_LIMIT_SECONDS + 150) * 1000);
		process.stdout.write(`the form resumed and ended by its time limits after ${Math.round((Date.now() - started) / 1000)} s\n`);
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: AGENT_EXTENSION, state: '1' },
			{ extension: AGENT_EXTENSION, state: '0' },
		]);
		expect(execution).toContain('Resumed by itself');
		// An agent who comes back to the page and reloads it: n8n shows the finished form's ending page.
		await page.reload();
		const text = await completionText(page, 'Recording resumed');
		await screenshot(page, 'after-time-limit-reloaded');
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[1]}`);
		expect(text).toContain('Resumed by itself');
		await page.close();
	}, 240_000);

	test("a colleague's extension: the page says NOT paused and that only his own extension's calls may be, nothing is sent, and the execution fails naming him", async () => {
		const started = Date.now();
		const page = await submitForm({ extension: SEED_EXTENSIONS.apiapi, reason: 'Card payment' });

		const text = await completionText(page, 'Recording NOT paused');
		await screenshot(page, 'not-paused', card(page));
		expect(text).toContain('The call is still being recorded. Do not ask for the card number.');
		expect(text).toContain(`Why: Extension "APIAPI" refused: only the calls on extension "${AGENT_EXTENSION}" may be paused or resumed here`);
		expect(text).toContain('ask a supervisor');
		expect(text).not.toContain('ActionID');
		expect(env.sim.requests).toEqual([]);
		const execution = await newestExecution(env, { workflowId: kitWorkflowId(env, 'agent-pause-form'), status: 'error', since: started }, 15_000);
		expect(execution).toContain('owner@voicenter.test');
		await page.close();
	});

	test("a stranger (no n8n session) is sent to n8n's sign-in; his POST of the form is refused; nothing is sent and no execution starts", async () => {
		const started = Date.now();
		const stranger = await browser.newContext();
		const page = await stranger.newPage();
		await page.goto(`${env.stack.n8n.url}/form/${FORM_PATH}`);
		await page.waitForURL(/\/signin/, { timeout: 30_000 });
		const posted = await fetch(`${env.stack.n8n.url}/form/${FORM_PATH}`, { method: 'POST', body: formBody({ 'Your extension': AGENT_EXTENSION, Reason: 'Card payment' }) });
		expect(posted.status).toBe(401);
		await stranger.close();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(env.sim.requests).toEqual([]);
		expect(await executionsOf(env, kitWorkflowId(env, 'agent-pause-form'), started)).toEqual([]);
	});

	test("a stranger's calls to the paused page's URL (GET, and a POST pressing Resume, guessed /form-waiting/<n>) are refused: the call stays muted and the form waits; the agent's Resume still works", async () => {
		const { sim } = env;
		const page = await submitForm({ extension: AGENT_EXTENSION, reason: 'Card payment' });
		await completionText(page, 'Recording paused');
		const executionId = /\/form-waiting\/(\d+)/.exec(page.url())?.[1];
		expect(executionId).toBeDefined();
		for (const url of [`${env.stack.n8n.url}/form-waiting/${executionId}`, `${env.stack.n8n.url}/form-waiting/${executionId}/n8n-execution-status`]) {
			expect((await fetch(url)).status).toBe(401);
		}
		expect((await fetch(`${env.stack.n8n.url}/form-waiting/${executionId}`, { method: 'POST', body: formBody({}) })).status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());
		expect((await restGet<{ status: string }>(env, `executions/${executionId}`)).status).toBe('waiting');

		await (await resumeButton(page)).click();
		await completionText(page, 'Recording resumed');
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls')).toHaveLength(2);
		await page.close();
	});
});
