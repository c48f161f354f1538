import { ICredentialsHelper } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	WorkflowExecuteMode,
} from 'n8n-workflow';

/**
 * n8n keeps credentials encrypted in its database; a test run has no database, so this hands the
 * engine the plain credential data by id, and applies the credential type's own `authenticate`
 * exactly where n8n would.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How many times the engine asked for decrypted credential data (in n8n: a database read each). */
	reads = 0;

	constructor(
		private readonly types: Map<string, ICredentialType>,
		private readonly dataById: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types.get(typeName)?.authenticate;
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		throw new Error(`The test engine does not apply generic "authenticate" objects (credential ${typeName})`);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('The test engine hands out decrypted credentials only (getDecrypted)');
	}

	/**
	 * As n8n does, resolves expressions in the credential data against the item the node asks for
	 * (`getCredentials(type, itemIndex)`), e.g. a Server URL `={{ $json.server }}`.
	 */
	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		_raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	) {
		this.reads++;
		const id = nodeCredentials.id ?? '';
		const data = this.dataById[id];
		if (data === undefined) throw new Error(`No test credential "${id}" of type ${type}`);
		const copy = structuredClone(data);
		if (expressionResolveValues === undefined) return copy;
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } = expressionResolveValues;
		return workflow.expression.getParameterValue(
			copy as INodeParameters,
			runExecutionData,
			runIndex,
			itemIndex,
			node.name,
			connectionInputData,
			mode,
			{},
			undefined,
			false,
			copy as INodeParameters,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}
}
