import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { loadNodeTypes, type LoadedTypes } from './loadNodeTypes';
import { RECORDING_NODE_TYPE, TEST_CREDENTIAL } from './workflows';

let typesPromise: Promise<LoadedTypes> | undefined;

/**
 * Calls one of the node's listSearch methods as n8n's server does when the editor opens a "From
 * list" dropdown: a one-node workflow holding the node's current parameters and credential, and a
 * LoadOptionsContext for the parameter's path.
 */
export async function listSearch(
	method: string,
	options: {
		parameters: INodeParameters;
		credential: ICredentialDataDecryptedObject;
		filter?: string;
		/** Where the previous page ended, as the editor sends it when the user scrolls on. */
		paginationToken?: string;
	},
): Promise<INodeListSearchResult> {
	typesPromise ??= loadNodeTypes();
	const { nodeTypes, credentialTypes } = await typesPromise;
	const node = {
		id: 'list-search-node',
		name: 'Voicenter Recording',
		type: RECORDING_NODE_TYPE,
		typeVersion: 2,
		position: [0, 0] as [number, number],
		parameters: options.parameters,
		credentials: TEST_CREDENTIAL,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, { [TEST_CREDENTIAL.voicenterApi.id]: options.credential });
	const additionalData = { credentialsHelper, userId: 'test-user', variables: {} } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');

	const nodeType = nodeTypes.getByNameAndVersion(RECORDING_NODE_TYPE, 2) as INodeType;
	const search = nodeType.methods?.listSearch?.[method];
	if (search === undefined) throw new Error(`The node has no listSearch method "${method}"`);
	return await search.call(context, options.filter, options.paginationToken);
}
