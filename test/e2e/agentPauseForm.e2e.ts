import fs from 'node:fs';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { PACKAGE_DIR } from '../engine/loadNodeTypes';
import { launchChromium, screenshots, shown, showsText } from './browser';
import { newestExecution, useRealN8n } from './stack';

/** The agent's pause form example: its id (scripts/n8n/exampleWorkflows.ts) and its Form Trigger's path. */
const WORKFLOW_ID = 'VcAgentPauseForm';
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

const env = useRealN8n([{ id: SHORT_WORKFLOW_ID, active: true, definition: shortLimitVariant() }]);
const screenshot = screenshots('form');
/** The page's form or message box, what the README pictures of it show. */
const card = (page: Page) => page.locator('.card').filter({ visible: true });

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	browser = await launchChromium();
	context = await browser.newContext({ viewport: { width: 900, height: 900 } });
}, 60_000);

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

const mutedCalls = () => env.sim.calls().filter((call) => call.isMuted).map((call) => call.ivrid).sort();

describe("the agent's pause form in a real n8n, filled in and submitted in Chromium", () => {
	beforeEach(() => env.sim.reset());

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
		const execution = await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'success', since: started }, 15_000);
		expect(execution).toContain(sim.issuedActionIds[1]);
		await page.close();
	});

	test("by the customer's phone number: only that call is muted, the page says paused, and Resume records it again", async () => {
		const { sim } = env;
		const page = await submitForm({ phone: '072-277-6772', reason: 'ID number' });

		const text = await completionText(page, 'Recording paused');
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[0]}`);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing]);

		await (await resumeButton(page)).click();
		await completionText(page, 'Recording resumed');
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '1' },
			{ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' },
		]);
		await page.close();
	});

	test('the call ends before Resume: the page says NOT resumed, that the call is not recorded and what to do; the execution fails', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: SEED_EXTENSIONS.apiapi, reason: 'Card payment' });
		await completionText(page, 'Recording paused');
		sim.endCall(SEED_IVRIDS.apiapiTalking);

		await (await resumeButton(page)).click();
		const text = await completionText(page, 'Recording NOT resumed');
		await screenshot(page, 'not-resumed');
		expect(text).toContain('The recording was NOT resumed. The call is still NOT being recorded.');
		expect(text).toContain('Voicenter back office');
		expect(text).toContain('tell a supervisor');
		expect(text).toMatch(/Why: .*APIAPI.*had no live call/);
		expect(text).not.toMatch(/Reference \(ActionID\)|being recorded again/);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.apiapi, state: '1' },
			{ extension: SEED_EXTENSIONS.apiapi, state: '0' },
		]);
		const execution = await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'error', since: started }, 15_000);
		expect(execution).toContain('Fail the execution (not resumed)');
		await page.close();
	});

	test('nobody presses Resume: after the time limit the recording resumes by itself and the execution ends a success', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: SEED_EXTENSIONS.apiapi, reason: 'Card payment' }, undefined, SHORT_FORM_PATH);
		await completionText(page, 'Recording paused');
		expect(mutedCalls()).toEqual([SEED_IVRIDS.apiapiTalking]);

		// n8n's wait tracker looks for due executions once a minute: the limit plus up to a minute,
		// and as much again for the ending page's own limit.
		const execution = await newestExecution(env, { workflowId: SHORT_WORKFLOW_ID, status: 'success', since: started }, (2 * SHORT_LIMIT_SECONDS + 150) * 1000);
		process.stdout.write(`the form resumed and ended by its time limits after ${Math.round((Date.now() - started) / 1000)} s\n`);
		expect(mutedCalls()).toEqual([]);
		expect(sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([
			{ extension: SEED_EXTENSIONS.apiapi, state: '1' },
			{ extension: SEED_EXTENSIONS.apiapi, state: '0' },
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

	test('an unknown extension: the page says NOT paused, why and what to do; nothing is muted and the execution fails', async () => {
		const started = Date.now();
		const page = await submitForm({ extension: 'NOSUCH', reason: 'Card payment' });

		const text = await completionText(page, 'Recording NOT paused');
		await screenshot(page, 'not-paused', card(page));
		expect(text).toContain('The call is still being recorded. Do not ask for the card number.');
		expect(text).toMatch(/Why: .*NOSUCH.*not found/);
		expect(text).toContain('ask a supervisor');
		expect(text).not.toContain('ActionID');
		expect(mutedCalls()).toEqual([]);
		const execution = await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'error', since: started }, 15_000);
		expect(execution).toContain('NOSUCH');
		await page.close();
	});
});
