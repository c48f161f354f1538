import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { PACKAGE_DIR } from './engine/loadNodeTypes';

const packageJson = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

describe('the built package as n8n loads it', () => {
	let loader: PackageDirectoryLoader;
	beforeAll(async () => {
		loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
	});

	test('PackageDirectoryLoader finds the nodes and the credential from the n8n block', () => {
		expect(loader.packageName).toBe('n8n-nodes-voicenter');
		expect(Object.keys(loader.known.nodes)).toEqual(['voicenterRecording', 'voicenterTrigger', 'voicenterPauseLedger', 'voicenterKit']);
		expect(Object.keys(loader.known.credentials)).toEqual(['voicenterApi', 'voicenterKitN8nApi']);
		expect(loader.getCredential('voicenterApi').type.displayName).toBe('Voicenter API');
	});

	test('the trigger polls on n8n\'s Poll Times with the same credential, and its parameters keep their names', () => {
		const { description } = loader.getNode('voicenterTrigger').type as INodeType;
		// 1.1 reports the calls already muted at the first poll; workflows saved with 1 keep version 1.
		expect(description).toMatchObject({ displayName: 'Voicenter Trigger', name: 'voicenterTrigger', version: [1, 1.1], defaultVersion: 1.1, polling: true, inputs: [] });
		expect(description.credentials).toEqual([{ name: 'voicenterApi', required: true }]);
		// n8n adds Poll Times to every polling node when it loads it.
		expect(description.properties.map((p) => p.name)).toEqual([
			'pollTimes',
			// One notice per version: what the first poll does.
			'notice',
			'notice',
			'events',
			'mutedTooLongMinutes',
			'mutedTooLongRepeatMinutes',
			'extensions',
		]);
	});

	test('the node description keeps the public parameter names and n8n conventions', () => {
		const { description } = loader.getNode('voicenterRecording').type as INodeType;
		expect(description).toMatchObject({
			displayName: 'Voicenter Recording',
			name: 'voicenterRecording',
			version: [1, 2],
			defaultVersion: 2,
			usableAsTool: true,
		});
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.credentials).toEqual([{ name: 'voicenterApi', required: true }]);

		// Extension and Call ID: version 1's text field, then version 2's resource locator.
		expect(description.properties.map((p) => `${p.name}:${p.type}`)).toEqual([
			'operation:options',
			'target:options',
			'extension:string',
			'extension:resourceLocator',
			'callId:string',
			'callId:resourceLocator',
			'callerNumber:string',
			'requestMethod:options',
			'options:collection',
			// Get Active Calls shows its own optional extension and options.
			'extension:string',
			'extension:resourceLocator',
			'options:collection',
			// As an AI tool only: what the model reads of mute, unmute and Get Active Calls.
			'toolDescription:string',
			'toolDescription:string',
			'toolDescription:string',
		]);
		const byName = new Map<string, INodeProperties>(description.properties.slice(0, 9).map((p) => [p.name, p]));
		for (const name of ['operation', 'target', 'requestMethod']) expect(byName.get(name)?.noDataExpression).toBe(true);
		const values = (name: string) => (byName.get(name)?.options as Array<{ value: string }>).map((o) => o.value);
		expect(values('operation')).toEqual(['mute', 'unmute', 'getActiveCalls']);
		expect(values('target')).toEqual(['extension', 'callId', 'callerNumber']);
		expect(values('requestMethod')).toEqual(['POST', 'GET']);
		expect((byName.get('operation')?.options as Array<{ action?: string }>).map((o) => o.action)).toEqual([
			'Mute call recording',
			'Unmute call recording',
			'Get active calls',
		]);
		expect((byName.get('options')?.options as INodeProperties[]).map((o) => o.name)).toEqual([
			'concurrency',
			'maxAttempts',
			'onlyOnExtension',
			'requestedBy',
			'source',
			'timeout',
			'verify',
			'verifyOrder',
			'verifyTimeout',
		]);
	});

	test('themed icons and each node codex file are in dist beside the nodes', () => {
		const dir = path.join(PACKAGE_DIR, 'dist', 'nodes', 'Voicenter');
		for (const file of ['voicenterRecording.svg', 'voicenterRecording.dark.svg', 'VoicenterRecording.node.json', 'VoicenterTrigger.node.json', 'VoicenterPauseLedger.node.json', 'VoicenterKit.node.json']) {
			expect(fs.existsSync(path.join(dir, file))).toBe(true);
		}
		for (const name of ['voicenterRecording', 'voicenterTrigger', 'voicenterPauseLedger', 'voicenterKit']) {
			const file = `${name[0].toUpperCase()}${name.slice(1)}.node.json`;
			const codex = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			expect(codex.node).toBe(`n8n-nodes-voicenter.${name}`);
		}
	});

	test('index.js exports the compiled classes', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const entry = require(path.join(PACKAGE_DIR, 'index.js'));
		expect(new entry.VoicenterRecording().description.name).toBe('voicenterRecording');
		expect(new entry.VoicenterTrigger().description.name).toBe('voicenterTrigger');
		expect(new entry.VoicenterPauseLedger().description.name).toBe('voicenterPauseLedger');
		expect(new entry.VoicenterKit().description.name).toBe('voicenterKit');
		expect(new entry.VoicenterApi().name).toBe('voicenterApi');
		expect(new entry.VoicenterKitN8nApi().name).toBe('voicenterKitN8nApi');
	});

	test("the kit's installer carries the kit: every example workflow is in dist, as the installer reads it", () => {
		const examples = fs.readdirSync(path.join(PACKAGE_DIR, 'examples')).filter((file) => file.endsWith('.json')).sort();
		expect(fs.readdirSync(path.join(PACKAGE_DIR, 'dist', 'examples')).sort()).toEqual(examples);
		const { description } = loader.getNode('voicenterKit').type as INodeType;
		expect(description.credentials).toEqual([{ name: 'voicenterKitN8nApi', required: true }]);
		expect(description.properties.find((property) => property.name === 'activate')).toMatchObject({ type: 'boolean', default: false });
	});
});

describe('package.json follows n8n\'s community-package rules', () => {
	test('no runtime dependencies; n8n-workflow only as a peer', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.files).toEqual(['dist', 'index.js']);
		expect(packageJson.n8n).toEqual({
			n8nNodesApiVersion: 1,
			// Off, and the README says why: strict mode requires n8n's two-line eslint.config.mjs,
			// which would apply n8n Cloud's rules to the simulator, the tests and the scripts.
			strict: false,
			credentials: ['dist/credentials/VoicenterApi.credentials.js', 'dist/credentials/VoicenterKitN8nApi.credentials.js'],
			nodes: [
				'dist/nodes/Voicenter/VoicenterRecording.node.js',
				'dist/nodes/Voicenter/VoicenterTrigger.node.js',
				'dist/nodes/Voicenter/VoicenterPauseLedger.node.js',
				'dist/nodes/Voicenter/VoicenterKit.node.js',
			],
		});
	});

	test('the GitHub URL lives in repository.url; homepage and bugs follow it (scripts/checkRelease.mjs)', () => {
		const output = execFileSync('node', [path.join(PACKAGE_DIR, 'scripts', 'checkRelease.mjs')], { encoding: 'utf8' });
		expect(output).toMatch(/^package.json release metadata: OK \(https:\/\/github.com\//);
		expect(packageJson.license).toBe('MIT');
	});
});
