/**
 * npm run screenshots: retakes the README's pictures. Runs the e2e specs that take them (the editor
 * the agent's pause form and the pause ledger's day) in a real n8n 2.x with Chromium, then copies a chosen set from their
 * `<prefix>-NN-<name>.png` files to docs/images/ under stable names, so README links never change.
 * The pause form's time-limit test (minutes of waiting, no picture the README uses) is skipped.
 * Nothing is copied unless every spec passed and every picture below was taken.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { n8nMajor, selectedN8nVersion } from './n8n/n8nRuntime';
import { PACKAGE_DIR } from '../test/engine/loadNodeTypes';

const SPECS = ['test/e2e/editor.e2e.ts', 'test/e2e/agentPauseForm.e2e.ts', 'test/e2e/pauseLedger.e2e.ts'];
const SKIPPED_TESTS = 'nobody presses Resume';

/** docs/images/<stable name> ← `<prefix>-NN-<name>.png` as the specs take it. */
const PICTURES: Record<string, string> = {
	'editor-node-actions.png': 'editor-node-actions',
	'credential-form.png': 'editor-credential-form',
	'editor-live-call-list.png': 'editor-call-id-list',
	'editor-extension-list.png': 'editor-extension-list',
	'executed-output.png': 'editor-executed-output',
	'trigger.png': 'editor-trigger-test-event',
	'agent-pause-form.png': 'form-filled-in-by-extension',
	'agent-form-paused.png': 'form-paused-with-resume-button',
	'agent-form-not-paused.png': 'form-not-paused',
	'agent-form-consent.png': 'form-consent-once',
	'pause-report.png': 'report-pause-report',
};

function main(): void {
	const version = selectedN8nVersion();
	if (n8nMajor(version) !== 2) throw new Error(`The README shows n8n 2.x: unset N8N_VERSION (it is ${version}).`);

	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-readme-screenshots-'));
	const started = Date.now();
	const jest = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '-c', 'jest.e2e.config.js', '--testNamePattern', `^(?!.*${SKIPPED_TESTS})`, ...SPECS],
		{ cwd: PACKAGE_DIR, stdio: 'inherit', env: { ...process.env, E2E_SCREENSHOTS: folder } },
	);
	if (jest.status !== 0) throw new Error(`The e2e specs failed (exit ${jest.status ?? jest.signal}); docs/images/ left as it was. Their screenshots: ${folder}`);

	const taken = fs.readdirSync(folder);
	const sources = Object.entries(PICTURES).map(([target, shot]) => {
		const pattern = new RegExp(`^${shot.replace(/-.*/, '')}-\\d\\d-${shot.replace(/^[^-]*-/, '')}\\.png$`);
		const source = taken.find((file) => pattern.test(file));
		if (source === undefined) throw new Error(`No screenshot "${shot}" among ${taken.join(', ')}; docs/images/ left as it was.`);
		return [target, source] as const;
	});

	const imagesDir = path.join(PACKAGE_DIR, 'docs', 'images');
	fs.mkdirSync(imagesDir, { recursive: true });
	for (const [target, source] of sources) {
		fs.copyFileSync(path.join(folder, source), path.join(imagesDir, target));
		const kb = Math.round(fs.statSync(path.join(imagesDir, target)).size / 1024);
		console.log(`docs/images/${target}  ← ${source}  (${kb} KB)`);
	}
	fs.rmSync(folder, { recursive: true, force: true });
	console.log(`${sources.length} pictures in ${Math.round((Date.now() - started) / 1000)} s. Look at each before committing.`);
}

try {
	main();
} catch (error) {
	console.error((error as Error).message);
	process.exit(1);
}
