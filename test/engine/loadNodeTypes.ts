import fs from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

/** The repository root, found from here whether this runs from source (jest) or from build/. */
function findPackageDir(from: string): string {
	for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'nodes'))) return dir;
	}
	throw new Error(`No package directory above ${from}`);
}

export const PACKAGE_DIR = findPackageDir(__dirname);

/**
 * n8n's own nodes that the example workflows use around ours (installed as a devDependency, the
 * same release as n8n-core). Loaded one by one: loading all of n8n-nodes-base takes seconds.
 */
const N8N_BASE_NODES: Record<string, string> = {
	manualTrigger: 'ManualTrigger/ManualTrigger.node.js',
	webhook: 'Webhook/Webhook.node.js',
	jwt: 'Jwt/Jwt.node.js',
	respondToWebhook: 'RespondToWebhook/RespondToWebhook.node.js',
	stopAndError: 'StopAndError/StopAndError.node.js',
	set: 'Set/Set.node.js',
	if: 'If/If.node.js',
	switch: 'Switch/Switch.node.js',
	noOp: 'NoOp/NoOp.node.js',
	executeWorkflow: 'ExecuteWorkflow/ExecuteWorkflow/ExecuteWorkflow.node.js',
	executeWorkflowTrigger: 'ExecuteWorkflow/ExecuteWorkflowTrigger/ExecuteWorkflowTrigger.node.js',
	formTrigger: 'Form/FormTrigger.node.js',
	form: 'Form/Form.node.js',
	// For the benchmark: what a user would otherwise build the request with.
	httpRequest: 'HttpRequest/HttpRequest.node.js',
};

const N8N_BASE_NODE_NAMES = Object.keys(N8N_BASE_NODES).map((name) => `n8n-nodes-base.${name}`);
const loadedBaseNodes = new Map<string, INodeType | IVersionedNodeType>();

/**
 * One of n8n's own nodes, loaded the first time a workflow uses it: the Form nodes pull in
 * sanitize-html, whose parser only Node 20.19+ can require, and only their tests need them.
 */
function n8nBaseNode(typeName: string): INodeType | IVersionedNodeType | undefined {
	const [scope, name] = typeName.split('.');
	if (scope !== 'n8n-nodes-base' || !Object.hasOwn(N8N_BASE_NODES, name)) return undefined;
	let type = loadedBaseNodes.get(typeName);
	if (type === undefined) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(`n8n-nodes-base/dist/nodes/${N8N_BASE_NODES[name]}`) as Record<string, unknown>;
		// Some files export more than the class (Form.node.js also exports its field descriptions).
		const NodeClass = Object.values(exported).find((value) => typeof value === 'function') as new () => INodeType | IVersionedNodeType;
		type = new NodeClass();
		loadedBaseNodes.set(typeName, type);
	}
	return type;
}

/** Node types a script adds beside the package's (the benchmark's floor node), by full type name. */
const extraNodeTypes = new Map<string, INodeType>();

export function addNodeType(name: string, type: INodeType): void {
	extraNodeTypes.set(name, type);
}

export interface LoadedTypes {
	nodeTypes: INodeTypes;
	credentialTypes: Map<string, ICredentialType>;
	packageName: string;
}

/**
 * Loads the built package (dist/) the way n8n loads a community package: through the `n8n` block
 * of package.json. Node types are named `<package name>.<node name>`, as in a real n8n.
 */
export async function loadNodeTypes(packageDir = PACKAGE_DIR): Promise<LoadedTypes> {
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();

	const nodes = new Map<string, INodeType | IVersionedNodeType>();
	for (const name of Object.keys(loader.known.nodes)) {
		nodes.set(`${loader.packageName}.${name}`, loader.getNode(name).type);
	}
	const credentialTypes = new Map<string, ICredentialType>();
	for (const name of Object.keys(loader.known.credentials)) {
		credentialTypes.set(name, loader.getCredential(name).type);
	}

	const byName = (name: string) => {
		const type = nodes.get(name) ?? extraNodeTypes.get(name) ?? n8nBaseNode(name);
		if (type === undefined) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () =>
			Object.fromEntries([...nodes.keys(), ...N8N_BASE_NODE_NAMES].map((name) => [name, { className: name, sourcePath: '' }])),
	};
	return { nodeTypes, credentialTypes, packageName: loader.packageName };
}
