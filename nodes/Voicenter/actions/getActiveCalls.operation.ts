import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';
import { readAccount, readActiveCalls } from '../transport';
import { optionsFor, readMaxAttempts, readTimeout } from './options';
import { readTarget } from './readTarget';
import { targetField } from './targetField';

const showFor = { operation: ['getActiveCalls'] };

export const description: INodeProperties[] = [
	...targetField({
		name: 'extension',
		displayName: 'Extension',
		required: false,
		placeholder: 'e.g. APIAPI (empty: all extensions)',
		description: "The extension's SIP ID; leave empty to list the calls of every extension",
		mapping: '{{ $json.body.extension }}',
		note: 'Empty lists every extension. Needs the API Token in the Voicenter API credential; always sent as POST, so the token stays out of URLs.',
		show: showFor,
		searchListMethod: 'searchExtensions',
	}),
	optionsFor(showFor.operation, [
		{
			displayName: 'One Item per Extension',
			name: 'groupByExtension',
			type: 'boolean',
			default: false,
			description: 'Whether to output one item per extension with its calls, instead of one item per call',
		},
	], true),
];

export interface ActiveCallsRequest {
	extension: string | undefined;
	groupByExtension: boolean;
	timeout: number;
	maxAttempts: number;
}

export function prepare(context: IExecuteFunctions, itemIndex: number): ActiveCallsRequest {
	const raw = itemParameter(context, 'extension', itemIndex, '', { extractValue: true });
	const isEmpty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
	return {
		extension: isEmpty ? undefined : readTarget(context, 'extension', 'Extension', itemIndex),
		groupByExtension: itemParameter(context, 'options.groupByExtension', itemIndex, false) as boolean,
		timeout: readTimeout(context, itemIndex),
		maxAttempts: readMaxAttempts(context, itemIndex),
	};
}

export const readsActiveCalls = (): boolean => true;

export function summary(_context: IExecuteFunctions, request: ActiveCallsRequest): IDataObject {
	return { operation: 'getActiveCalls', ...(request.extension === undefined ? {} : { extension: request.extension }) };
}

export async function execute(
	context: IExecuteFunctions,
	request: ActiveCallsRequest,
	itemIndex: number,
): Promise<IDataObject[]> {
	const extensions = await readActiveCalls(
		context,
		await readAccount(context, itemIndex),
		{
			extension: request.extension,
			timeout: request.timeout,
			maxAttempts: request.maxAttempts,
			subject: `Get Active Calls${request.extension === undefined ? '' : ` of extension "${request.extension}"`}`,
		},
		itemIndex,
	);
	if (request.groupByExtension) {
		return extensions.map(({ extension, extensionId, calls }) => ({ extension, extensionId, calls: calls as unknown as IDataObject[] }));
	}
	return extensions.flatMap(({ calls }) => calls as unknown as IDataObject[]);
}
