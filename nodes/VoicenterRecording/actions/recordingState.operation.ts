import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { apiRequest } from '../transport';
import { judgeMuteUnmuteReply } from '../transport/voicenterReply';
import type { RequestMethod } from '../transport/types';
import { optionsDescription, readTimeout } from './options';
import { readTarget } from './readTarget';

/** Mute and Unmute are one request that differs only in `state` (the contract: 1 = mute, 0 = unmute). */
export const STATE_BY_OPERATION = { mute: '1', unmute: '0' } as const;
export type RecordingOperation = keyof typeof STATE_BY_OPERATION;

const TARGETS = {
	extension: { parameter: 'extension', displayName: 'Extension', noun: 'extension', field: 'extension' },
	callId: { parameter: 'callId', displayName: 'Call ID', noun: 'call ID', field: 'ivrid' },
} as const;
type Target = keyof typeof TARGETS;

const showFor = { operation: ['mute', 'unmute'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showFor },
		options: [
			{
				name: 'Extension',
				value: 'extension',
				description: 'Every call active on the extension at this moment',
			},
			{
				name: 'Call ID',
				value: 'callId',
				description: 'One specific call, by its Voicenter IVR ID',
			},
		],
		default: 'extension',
	},
	{
		displayName: 'Extension',
		name: 'extension',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. APIAPI',
		description: "The extension's SIP ID, as shown in Voicenter CPanel",
		hint: 'Affects only the calls live on this extension right now. A call it answers or starts later is recorded in full until another Mute.',
		displayOptions: { show: { ...showFor, target: ['extension'] } },
	},
	{
		displayName: 'Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2020101201cc7b38df',
		description:
			"The call's IVR ID (ivrid): from Voicenter's Real Time or Active Calls API, Click2Call's CALLID, or a CDR's ivruniqueid",
		hint: 'Fails if the call has already ended.',
		displayOptions: { show: { ...showFor, target: ['callId'] } },
	},
	{
		displayName: 'Request Method',
		name: 'requestMethod',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: showFor },
		options: [
			{ name: 'POST (JSON)', value: 'POST', description: 'Send the fields as a JSON body' },
			{ name: 'GET', value: 'GET', description: 'Send the fields in the query string' },
		],
		default: 'POST',
	},
	{ ...optionsDescription, displayOptions: { show: showFor } },
];

export interface RecordingStateRequest {
	operation: RecordingOperation;
	target: Target;
	value: string;
	requestMethod: RequestMethod;
	timeout: number;
}

/** Reads and checks one item's parameters; throws before anything is sent. */
export function prepare(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: RecordingOperation,
): RecordingStateRequest {
	const target = context.getNodeParameter('target', itemIndex) as Target;
	const { parameter, displayName } = TARGETS[target];
	return {
		operation,
		target,
		value: readTarget(context, parameter, displayName, itemIndex),
		requestMethod: context.getNodeParameter('requestMethod', itemIndex, 'POST') as RequestMethod,
		timeout: readTimeout(context, itemIndex),
	};
}

/** What was asked, carried on every output item, success or failure. */
export function summary(request: RecordingStateRequest): IDataObject {
	return {
		operation: request.operation,
		target: request.target,
		[TARGETS[request.target].parameter]: request.value,
		state: STATE_BY_OPERATION[request.operation],
		requestMethod: request.requestMethod,
	};
}

export async function execute(
	context: IExecuteFunctions,
	request: RecordingStateRequest,
	itemIndex: number,
): Promise<IDataObject> {
	const { field, noun } = TARGETS[request.target];
	const verb = request.operation === 'mute' ? 'Mute' : 'Unmute';
	const answer = await apiRequest(
		context,
		{
			endpoint: 'MuteUnmuteCalls',
			method: request.requestMethod,
			fields: { [field]: request.value, state: STATE_BY_OPERATION[request.operation] },
			timeout: request.timeout,
			subject: `${verb} of ${noun} "${request.value}"`,
		},
		itemIndex,
		judgeMuteUnmuteReply,
	);
	return { ...answer, ...summary(request) };
}
