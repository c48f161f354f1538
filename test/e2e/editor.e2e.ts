import { selectors, type Browser, type Locator, type Page } from 'playwright-core';

import { n8nMajor } from '../../scripts/n8n/n8nRuntime';
import { SEED_EXTENSIONS, SEED_IVRIDS } from '../../simulator/voicenterSimulator';
import { gone, launchChromium, screenshots, shown, showsText } from './browser';
import { useRealN8n } from './stack';

const env = useRealN8n();
const takeScreenshot = screenshots('editor');

let browser: Browser;
let page: Page;

/** The whole page, or only `element` (the node's panel, a dialog) for the README's pictures. */
const screenshot = async (name: string, element?: Locator) => await takeScreenshot(page, name, element);

const ndv = () => page.getByTestId('ndv');
const parameter = (name: string) => ndv().getByTestId(`parameter-input-${name}`);

async function chooseOption(parameterName: string, optionName: string): Promise<void> {
	await parameter(parameterName).click();
	await page
		.locator('.el-popper:visible, [data-state="open"][role="listbox"]')
		.getByRole('option', { name: optionName })
		.filter({ visible: true })
		.first()
		.click();
}

/** Opens a resource locator's "From list" dropdown. */
async function openList(parameterName: string): Promise<void> {
	await ndv().getByTestId(`resource-locator-${parameterName}`).getByTestId('rlc-input').click();
}

const listItem = (text: string) => page.getByTestId('rlc-item').filter({ hasText: text, visible: true }).first();

beforeAll(async () => {
	// n8n marks its UI with data-test-id (Playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	browser = await launchChromium();
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const [name, value] = env.stack.cookie.split('=');
	await context.addCookies([{ name, value, url: env.stack.n8n.url }]);
	page = await context.newPage();
	page.setDefaultTimeout(30_000);
}, 60_000);

afterAll(async () => await browser?.close());

describe('the n8n editor shows and runs Voicenter Recording', () => {
	test('find the node, see its fields switch, save a credential without a token, pick an extension from the live list, run it and see the ActionID', async () => {
		try {
			await walkThroughEditor();
		} catch (error) {
			await screenshot('FAILED');
			// CI keeps only the log: say what the page showed.
			process.stdout.write(`the page showed when it failed:\n${await page.locator('body').innerText()}\n`);
			throw error;
		}
	}, 240_000);
});

describe('the n8n editor shows Voicenter Trigger', () => {
	test('find the trigger, choose its events and credential, and Fetch Test Event lists the calls muted right now', async () => {
		try {
			await fetchTriggerTestEvent();
		} catch (error) {
			await screenshot('FAILED-trigger');
			process.stdout.write(`the page showed when it failed:\n${await page.locator('body').innerText()}\n`);
			throw error;
		}
	}, 240_000);
});

async function fetchTriggerTestEvent(): Promise<void> {
	env.sim.reset();
	env.sim.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);
	await page.goto(`${env.stack.n8n.url}/workflow/new`);
	await shown(page.getByTestId('canvas-wrapper'), 60_000);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Voicenter');
	// The node creator lists triggers without the word "Trigger" when asked what starts the workflow.
	const item = page.getByTestId('node-creator-item-name').getByText('Voicenter', { exact: true });
	await shown(item);
	await screenshot('trigger-in-node-creator');
	await item.click();
	// n8n offers each event as a trigger of its own ("On muted too long", …): picking one presets Events.
	const onMutedTooLong = page.getByTestId('node-creator-item-name').getByText('On muted too long', { exact: true });
	await shown(onMutedTooLong);
	await screenshot('trigger-events');
	await onMutedTooLong.click();

	await shown(ndv());
	for (const name of ['events', 'mutedTooLongMinutes', 'extensions']) await shown(parameter(name));
	await showsText(ndv(), 'Poll Times');
	await showsText(parameter('events'), 'Muted Too Long');
	await ndv().getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-voicenter-simulator').filter({ visible: true }).first().click();
	await screenshot('trigger-fields');

	await ndv().getByTestId('node-execute-button').click();
	await showsText(ndv().getByTestId('output-panel'), 'mutedNow', 60_000);
	await showsText(ndv().getByTestId('output-panel'), SEED_IVRIDS.sipsip2Outgoing);
	await screenshot('trigger-test-event', ndv());
	expect(env.sim.requestsTo('GetExtensionsCalls')).toHaveLength(1);
	// A test event never changes a call.
	expect(env.sim.requestsTo('MuteUnmuteCalls')).toHaveLength(0);
}

async function walkThroughEditor(): Promise<void> {
	{
		await page.goto(`${env.stack.n8n.url}/workflow/new`);
		await shown(page.getByTestId('canvas-wrapper'), 60_000);
		await screenshot('blank-canvas');

		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Voicenter');
		await shown(page.getByTestId('node-creator-item-name').getByText('Voicenter Recording', { exact: true }));
		await screenshot('node-creator-search');
		await page.getByTestId('node-creator-item-name').getByText('Voicenter Recording', { exact: true }).click();
		await shown(page.getByTestId('node-creator-item-name').getByText('Mute call recording', { exact: true }));
		await screenshot('node-actions');
		await page.getByTestId('node-creator-item-name').getByText('Mute call recording', { exact: true }).click();

		// The node details view opens with the Mute operation and the by-extension fields.
		await shown(ndv());
		for (const name of ['operation', 'target', 'extension', 'requestMethod']) await shown(parameter(name));
		await gone(parameter('callId'));
		expect(await parameter('operation').locator('input').first().inputValue()).toBe('Mute');
		await screenshot('ndv-mute-by-extension');

		await chooseOption('target', 'Call ID');
		await shown(parameter('callId'));
		await gone(parameter('extension'));
		await screenshot('ndv-target-call-id');
		await chooseOption('target', 'Extension');
		await shown(parameter('extension'));

		// The credential form shows both fields. A credential saved without the API Token…
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').filter({ visible: true }).first().click();
		const modal = page.getByTestId('editCredential-modal');
		await shown(modal);
		await shown(modal.getByTestId('parameter-input-apiToken'));
		await modal.getByTestId('parameter-input-baseUrl').locator('input').first().fill(env.sim.baseUrl);
		await screenshot('credential-form', modal);
		await modal.getByTestId('credential-save-button').click();
		if (n8nMajor(env.stack.setup.runtime.version) >= 2) {
			// n8n 2.x closes a credential created from the node by itself, and only once its test passed.
			await gone(modal);
		} else {
			await showsText(modal, 'Connection tested successfully', 30_000);
			await modal.locator('.el-dialog__close').first().click();
			await gone(modal);
		}
		// Saving tested the credential against the simulator once.
		expect(env.sim.requestsTo('MuteUnmuteCalls')).toHaveLength(1);

		// …cannot list live calls, and the list says why instead of failing blankly.
		await openList('extension');
		await showsText(page.getByTestId('rlc-error-container').filter({ visible: true }), 'needs the API Token');
		await screenshot('list-needs-token');
		await page.keyboard.press('Escape');

		// With the simulator's credential (it has a token) the lists show Voicenter's live calls.
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-voicenter-simulator').filter({ visible: true }).first().click();
		await chooseOption('target', 'Call ID');
		await openList('callId');
		await shown(listItem('0722776772 · Outgoing · SIPSIP2'));
		await screenshot('call-id-list', ndv());
		await page.keyboard.press('Escape');
		await chooseOption('target', 'Extension');

		// Run the node with an extension picked from the list.
		await openList('extension');
		await shown(listItem('SIPSIP1 (2 live calls)'));
		await screenshot('extension-list', ndv());
		await listItem(`${SEED_EXTENSIONS.apiapi} (1 live call)`).click();
		await page.waitForTimeout(500);
		env.sim.reset();
		await ndv().getByTestId('node-execute-button').click();
		await showsText(ndv().getByTestId('output-panel'), 'ActionID', 60_000);
		expect(env.sim.issuedActionIds).toHaveLength(1);
		await showsText(ndv().getByTestId('output-panel'), env.sim.issuedActionIds[0]);
		await screenshot('executed-output', ndv());
		expect(env.sim.requestsTo('MuteUnmuteCalls').map((request) => request.body)).toEqual([{ extension: SEED_EXTENSIONS.apiapi, state: '1' }]);
		expect(env.sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);
	}
}
