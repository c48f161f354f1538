import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's headless Chromium, as the e2e tests drive it. */
export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
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
}

/**
 * Screenshots named `<prefix>-NN-<name>.png`, numbered in the order taken, in E2E_SCREENSHOTS or a
 * new temporary folder; the folder is printed. With `element`, only that element is pictured (a
 * dialog, a panel): `npm run screenshots` copies some of these into docs/images/ for the README.
 */
export function screenshots(prefix: string): (page: Page, name: string, element?: Locator) => Promise<string> {
	const folder = process.env.E2E_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), `voicenter-${prefix}-`));
	fs.mkdirSync(folder, { recursive: true });
	process.stdout.write(`${prefix} screenshots: ${folder}\n`);
	let taken = 0;
	return async (page, name, element) => {
		// Let menus and dialogs finish their fade so the picture shows the settled state.
		await page.waitForTimeout(400);
		const file = path.join(folder, `${prefix}-${String(++taken).padStart(2, '0')}-${name}.png`);
		if (element === undefined) await page.screenshot({ path: file, fullPage: true });
		else await element.first().screenshot({ path: file });
		return file;
	};
}

// playwright-core has no expect(): these wait for the state and fail the test on timeout.
export const shown = async (locator: Locator, timeout?: number) => await locator.first().waitFor({ state: 'visible', timeout });
export const gone = async (locator: Locator) => await locator.first().waitFor({ state: 'hidden' });
// The text itself must be visible: n8n keeps some messages in the page hidden until they apply.
export const showsText = async (locator: Locator, text: string, timeout?: number) =>
	await locator.getByText(text).filter({ visible: true }).first().waitFor({ state: 'visible', timeout });
