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
	respondToWebhook: 'RespondToWebhook/RespondToWebhook.node.js',
	stopAndError: 'StopAndError/StopAndError.node.js',
	set: 'Set/Set.node.js',
	// For the benchmark: what a user would otherwise build the request with.
	httpRequest: 'HttpRequest/HttpRequest.node.js',
};

function loadN8nBaseNode(file: string): INodeType | IVersionedNodeType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(`n8n-nodes-base/dist/nodes/${file}`) as Record<string, new () => INodeType | IVersionedNodeType>;
	const NodeClass = Object.values(exported)[0];
	return new NodeClass();
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
	for (const [name, file] of Object.entries(N8N_BASE_NODES)) {
		nodes.set(`n8n-nodes-base.${name}`, loadN8nBaseNode(file));
	}
	const credentialTypes = new Map<string, ICredentialType>();
	for (const name of Object.keys(loader.known.credentials)) {
		credentialTypes.set(name, loader.getCredential(name).type);
	}

	const byName = (name: string) => {
		const type = nodes.get(name) ?? extraNodeTypes.get(name);
		if (type === undefined) throw new Error(`Unknown node type ${name}`);
		return type;
	};
	const nodeTypes: INodeTypes = {
		getByName: byName,
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(byName(name), version),
		getKnownTypes: () => Object.fromEntries([...nodes.keys()].map((name) => [name, { className: name, sourcePath: '' }])),
	};
	return { nodeTypes, credentialTypes, packageName: loader.packageName };
}
