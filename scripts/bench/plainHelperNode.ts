import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { forEachConcurrently } from '../../nodes/Voicenter/helpers/forEachConcurrently';

export const PLAIN_HELPER_NODE_TYPE = 'bench.plainHelperLoop';

/**
 * The straightforward node used to calibrate the bench: read the extension (an expression, as in
 * the other cases), send it with n8n's `httpRequestWithAuthentication`, `concurrency` at a time,
 * output the parsed answer. No checks, no retries, no audit, no error wording. What it costs above
 * plain axios is the engine's request path; what our node costs above it is our own work.
 */
export class PlainHelperLoop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plain Helper Loop',
		name: 'plainHelperLoop',
		group: ['transform'],
		version: 1,
		description: 'Benchmark only',
		defaults: { name: 'Plain Helper Loop' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'voicenterApi', required: true }],
		properties: [
			{ displayName: 'Extension', name: 'extension', type: 'string', default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 16 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('voicenterApi');
		// Every item's parameter first, as our node does (it checks every item before sending any).
		const extensions = items.map((_, i) => this.getNodeParameter('extension', i) as string);
		const output: INodeExecutionData[] = new Array(items.length);
		await forEachConcurrently(items.length, this.getNodeParameter('concurrency', 0) as number, async (i) => {
			const body = await this.helpers.httpRequestWithAuthentication.call(this, 'voicenterApi', {
				method: 'POST',
				url: `${baseUrl}/MuteUnmuteCalls`,
				body: { extension: extensions[i], state: '1' },
				json: true,
			});
			output[i] = { json: body, pairedItem: { item: i } };
		});
		return [output];
	}
}
