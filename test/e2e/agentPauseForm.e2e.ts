import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { launchChromium, screenshots, showsText } from './browser';
import { newestExecution, useRealN8n } from './stack';

const env = useRealN8n();
const screenshot = screenshots('form');
/** The agent's pause form example: its id (scripts/n8n/exampleWorkflows.ts) and its Form Trigger's path. */
const WORKFLOW_ID = 'VcAgentPauseForm';
const FORM_PATH = 'voicenter/agent-pause';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	browser = await launchChromium();
	context = await browser.newContext({ viewport: { width: 900, height: 900 } });
}, 60_000);

afterAll(async () => await browser?.close());

/** What an agent does: open the form, fill it in, press the button; the page that follows. */
async function submitForm(fields: { extension?: string; phone?: string; reason: string }, shotName?: string): Promise<Page> {
	const page = await context.newPage();
	page.setDefaultTimeout(30_000);
	await page.goto(`${env.stack.n8n.url}/form/${FORM_PATH}`);
	await showsText(page.locator('h1'), 'Pause call recording');
	if (fields.extension !== undefined) await page.getByLabel('Your extension').fill(fields.extension);
	if (fields.phone !== undefined) await page.getByLabel('Customer phone number').fill(fields.phone);
	await page.getByLabel('Reason').selectOption(fields.reason);
	if (shotName !== undefined) await screenshot(page, shotName);
	await page.getByRole('button', { name: 'Pause recording' }).click();
	return page;
}

/** The completion page's text once its heading shows `title`. */
async function completionText(page: Page, title: string): Promise<string> {
	await showsText(page.locator('h1'), title, 30_000);
	return await page.locator('body').innerText();
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

	test('by extension: the page says paused with the ActionID Voicenter issued, and every call on the extension is muted', async () => {
		const { sim } = env;
		const started = Date.now();
		const page = await submitForm({ extension: SEED_EXTENSIONS.withTwoCalls, reason: 'Card payment' }, 'filled-in-by-extension');

		const text = await completionText(page, 'Recording paused');
		await screenshot(page, 'paused');
		expect(sim.issuedActionIds).toHaveLength(1);
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[0]}`);
		expect(text).toContain('Reason: Card payment');
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip1OnHold, SEED_IVRIDS.sipsip1Talking].sort());
		// The page resumes the execution once shown; it then ends as a success.
		await newestExecution(env, { workflowId: WORKFLOW_ID, status: 'success', since: started }, 15_000);
		await page.close();
	});

	test("by the customer's phone number: only that call is muted, and the page says paused", async () => {
		const { sim } = env;
		const page = await submitForm({ phone: '072-277-6772', reason: 'ID number' });

		const text = await completionText(page, 'Recording paused');
		expect(text).toContain(`Reference (ActionID): ${sim.issuedActionIds[0]}`);
		expect(mutedCalls()).toEqual([SEED_IVRIDS.sipsip2Outgoing]);
		await page.close();
	});

	test('an unknown extension: the page says NOT paused, why and what to do; nothing is muted and the execution fails', async () => {
		const started = Date.now();
		const page = await submitForm({ extension: 'NOSUCH', reason: 'Card payment' });

		const text = await completionText(page, 'Recording NOT paused');
		await screenshot(page, 'not-paused');
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
