import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors, type Browser, type Locator, type Page } from 'playwright-core';

import { SEED_EXTENSIONS } from '../../simulator/voicenterSimulator';
import { useRealN8n } from './stack';

const env = useRealN8n();
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-editor-'));

let browser: Browser;
let page: Page;
let shot = 0;

async function screenshot(name: string): Promise<void> {
	// Let menus and dialogs finish their fade so the picture shows the settled state.
	await page.waitForTimeout(400);
	const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
	await page.screenshot({ path: file });
}

// playwright-core has no expect(): these wait for the state and fail the test on timeout.
const shown = async (locator: Locator, timeout?: number) => await locator.first().waitFor({ state: 'visible', timeout });
const gone = async (locator: Locator) => await locator.first().waitFor({ state: 'hidden' });
const showsText = async (locator: Locator, text: string, timeout?: number) =>
	await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });

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

beforeAll(async () => {
	// n8n marks its UI with data-test-id (Playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	process.stdout.write(`Editor screenshots: ${SCREENSHOTS}\n`);
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const [name, value] = env.stack.cookie.split('=');
	await context.addCookies([{ name, value, url: env.stack.n8n.url }]);
	page = await context.newPage();
	page.setDefaultTimeout(30_000);
}, 60_000);

afterAll(async () => await browser?.close());

describe('the n8n editor shows and runs Voicenter Recording', () => {
	test('find the node, see its fields switch, open the credential form, run it and see the ActionID', async () => {
		try {
			await walkThroughEditor();
		} catch (error) {
			await screenshot('FAILED');
			throw error;
		}
	}, 240_000);
});

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

		// The credential form shows both fields.
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').filter({ visible: true }).first().click();
		const modal = page.getByTestId('editCredential-modal');
		await shown(modal);
		await shown(modal.getByTestId('parameter-input-baseUrl'));
		await shown(modal.getByTestId('parameter-input-apiToken'));
		await screenshot('credential-form');
		await modal.locator('.el-dialog__close').first().click();
		await gone(modal);

		// Run the node against the simulator with the imported credential.
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-voicenter-simulator').filter({ visible: true }).first().click();
		await parameter('extension').locator('input').first().fill(SEED_EXTENSIONS.apiapi);
		// The editor stores a typed value after a short debounce; leaving the field commits it.
		await page.keyboard.press('Tab');
		await page.waitForTimeout(500);
		env.sim.reset();
		await ndv().getByTestId('node-execute-button').click();
		await showsText(ndv().getByTestId('output-panel'), 'ActionID', 60_000);
		expect(env.sim.issuedActionIds).toHaveLength(1);
		await showsText(ndv().getByTestId('output-panel'), env.sim.issuedActionIds[0]);
		await screenshot('executed-output');
		expect(env.sim.callsOf(SEED_EXTENSIONS.apiapi).every((call) => call.isMuted)).toBe(true);
	}
}
