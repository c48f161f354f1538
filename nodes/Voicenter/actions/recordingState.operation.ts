import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';
import { apiRequest, readAccount } from '../transport';
import { judgeMuteUnmuteReply } from '../transport/voicenterReply';
import { auditRecord } from './auditRecord';
import type { RequestMethod } from '../transport/types';
import { optionsFor, readMaxAttempts, readPositiveInteger, readTimeout } from './options';
import { liveCallsOf, readCallerNumber } from './callerNumber';
import { readTarget } from './readTarget';
import { readRequester, requesterOptions, type Requester } from './requester';
import { callsOnExtension, checkCallId, checkExtension, onlyOnExtensionOption, readOnlyOnExtension } from './onlyOnExtension';
import { targetField } from './targetField';
import { sendVerified, sentOutcome, type VerifyOrder } from './verifyRecordingState';

export const DEFAULT_VERIFY_TIMEOUT_MS = 5000;

/** Mute and Unmute are one request that differs only in `state` (the contract: 1 = mute, 0 = unmute). */
export const STATE_BY_OPERATION = { mute: '1', unmute: '0' } as const;
export type RecordingOperation = keyof typeof STATE_BY_OPERATION;

const TARGETS = {
	extension: { parameter: 'extension', displayName: 'Extension', noun: 'extension', field: 'extension' },
	callId: { parameter: 'callId', displayName: 'Call ID', noun: 'call ID', field: 'ivrid' },
	// Looked up in Active Calls, then each matching call is muted by its ivrid.
	callerNumber: { parameter: 'callerNumber', displayName: 'Caller Number', noun: 'caller number', field: 'ivrid' },
} as const;
type Target = keyof typeof TARGETS;
/** The targets MuteUnmuteCalls itself takes. */
type DirectTarget = Exclude<Target, 'callerNumber'>;

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
			{
				name: 'Caller Number',
				value: 'callerNumber',
				description: "Every live call with the customer's phone number (needs the API Token)",
			},
		],
		default: 'extension',
	},
	...targetField({
		name: 'extension',
		displayName: 'Extension',
		required: true,
		placeholder: 'e.g. APIAPI',
		description: "The extension's SIP ID, as shown in Voicenter CPanel",
		mapping: '{{ $json.body.extension }}',
		note: 'Affects only the calls live on this extension right now: a call it answers or starts later is recorded in full until another Mute.',
		show: { ...showFor, target: ['extension'] },
		searchListMethod: 'searchExtensions',
	}),
	...targetField({
		name: 'callId',
		displayName: 'Call ID',
		required: true,
		placeholder: 'e.g. 2020101201cc7b38df',
		description:
			"The call's IVR ID (ivrid): from Voicenter's Real Time or Active Calls API, Click2Call's CALLID, or a CDR's ivruniqueid",
		mapping: '{{ $json.body.callId }}',
		note: 'Fails if the call has already ended.',
		show: { ...showFor, target: ['callId'] },
		searchListMethod: 'searchCalls',
	}),
	{
		displayName: 'Caller Number',
		name: 'callerNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0501234567 or +972-50-123-4567',
		description:
			"The customer's phone number, in any form a CRM sends it: +972…, 972…, 0…, with spaces or dashes",
		hint: "From a webhook, map it with an expression such as {{ $json.body.phone }}. Reads Voicenter's Active Calls to find the live calls with this number (needs the API Token in the credential), then mutes or unmutes each by its call ID: one output item per call. No live call with the number is an error.",
		displayOptions: { show: { ...showFor, target: ['callerNumber'] } },
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
	optionsFor(showFor.operation, [
		{
			displayName: 'Verify',
			name: 'verify',
			type: 'boolean',
			default: false,
			description:
				"Whether to read Voicenter's Active Calls after the request until every affected call shows the requested state, and fail if it does not. Needs the API Token in the credential.",
		},
		{
			displayName: 'Verify Order',
			name: 'verifyOrder',
			type: 'options',
			options: [
				{
					name: 'Send at Once',
					value: 'atOnce',
					description:
						'Send the request together with the first Active Calls read: Voicenter gets it one request sooner. What Verify proves is the same.',
				},
				{
					name: 'Read Calls First',
					value: 'readFirst',
					description:
						'Read Active Calls, then send the request: slower by one request, but each call also says whether it already was in the requested state (alreadyInState)',
				},
			],
			default: 'atOnce',
			description: 'Whether the request waits for the first Active Calls read',
			displayOptions: { show: { verify: [true] } },
		},
		{
			displayName: 'Verify Timeout',
			name: 'verifyTimeout',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: DEFAULT_VERIFY_TIMEOUT_MS,
			description: 'Milliseconds to wait for the calls to show the requested state before Verify fails',
			displayOptions: { show: { verify: [true] } },
		},
		onlyOnExtensionOption,
		...requesterOptions,
	]),
];

export interface RecordingStateRequest {
	operation: RecordingOperation;
	target: Target;
	value: string;
	requestMethod: RequestMethod;
	timeout: number;
	maxAttempts: number;
	verify: boolean;
	verifyTimeout: number;
	verifyOrder: VerifyOrder;
	requester: Requester;
	/** The one extension whose calls this item may act on (Only Calls On Extension), when set. */
	onlyOnExtension?: string;
}

/** Reads and checks one item's parameters; throws before anything is sent. */
export function prepare(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: RecordingOperation,
): RecordingStateRequest {
	const target = itemParameter(context, 'target', itemIndex, undefined) as Target;
	const { parameter, displayName } = TARGETS[target];
	const value = readTarget(context, parameter, displayName, itemIndex);
	return {
		operation,
		target,
		value: target === 'callerNumber' ? readCallerNumber(context, value, itemIndex) : value,
		onlyOnExtension: readOnlyOnExtension(context, itemIndex),
		requestMethod: itemParameter(context, 'requestMethod', itemIndex, 'POST') as RequestMethod,
		timeout: readTimeout(context, itemIndex),
		maxAttempts: readMaxAttempts(context, itemIndex),
		verify: itemParameter(context, 'options.verify', itemIndex, false) === true,
		verifyTimeout: readPositiveInteger(context, 'verifyTimeout', 'Verify Timeout', DEFAULT_VERIFY_TIMEOUT_MS, itemIndex),
		verifyOrder: itemParameter(context, 'options.verifyOrder', itemIndex, 'atOnce') === 'readFirst' ? 'readFirst' : 'atOnce',
		requester: readRequester(context, itemIndex),
	};
}

export const readsActiveCalls = (request: RecordingStateRequest): boolean =>
	request.verify || request.target === 'callerNumber' || (request.onlyOnExtension !== undefined && request.target === 'callId');

/** What was asked, carried on every output item, success or failure. */
function asked(request: RecordingStateRequest): IDataObject {
	return {
		operation: request.operation,
		target: request.target,
		[TARGETS[request.target].parameter]: request.value,
		state: STATE_BY_OPERATION[request.operation],
		requestMethod: request.requestMethod,
	};
}

function audit(context: IExecuteFunctions, request: RecordingStateRequest, outcome: IDataObject): IDataObject {
	return auditRecord(context, {
		operation: request.operation,
		target: request.target,
		value: request.value,
		state: STATE_BY_OPERATION[request.operation],
		ActionID: outcome.ActionID,
		verified: outcome.verified,
		calls: outcome.calls,
		...request.requester,
	});
}

/** A failed item: what was asked, what is known of the outcome, and its audit record. */
export function summary(context: IExecuteFunctions, request: RecordingStateRequest, outcome: IDataObject): IDataObject {
	return { ...asked(request), audit: audit(context, request, outcome) };
}

export async function execute(
	context: IExecuteFunctions,
	request: RecordingStateRequest,
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	const allowed = request.onlyOnExtension;
	if (request.target !== 'callerNumber') {
		// Refused here rather than while reading the item's parameters, so the refusal is audited with who asked.
		if (allowed !== undefined && request.target === 'extension') checkExtension(context, allowed, request.value, itemIndex);
		if (allowed !== undefined && request.target === 'callId') {
			await checkCallId(context, await readAccount(context, itemIndex), allowed, request.value, request, itemIndex);
		}
		return await setState(context, { ...request, target: request.target }, itemIndex);
	}
	const live = await liveCallsOf(context, await readAccount(context, itemIndex), request.value, request, itemIndex);
	const calls = allowed === undefined ? live : callsOnExtension(context, allowed, request.value, live, itemIndex);
	const results: IDataObject[] = [];
	// One at a time: a failure stops the rest, and the error names the call it was about.
	for (const call of calls) {
		const result = await setState(context, { ...request, target: 'callId', value: call.ivrid }, itemIndex);
		results.push({ ...result, callerNumber: request.value, extension: call.extension });
	}
	return results;
}

/** One MuteUnmuteCalls request for an extension or a call ID, verified when asked. */
async function setState(
	context: IExecuteFunctions,
	request: RecordingStateRequest & { target: DirectTarget },
	itemIndex: number,
): Promise<IDataObject> {
	const { field, noun } = TARGETS[request.target];
	const verb = request.operation === 'mute' ? 'Mute' : 'Unmute';
	const subject = `${verb} of ${noun} "${request.value}"`;
	const account = await readAccount(context, itemIndex);
	const check = {
		account,
		target: request.target,
		value: request.value,
		wantMuted: request.operation === 'mute',
		timeout: request.timeout,
		maxAttempts: request.maxAttempts,
		verifyTimeout: request.verifyTimeout,
		order: request.verifyOrder,
		subject,
	};

	const send = async () =>
		await apiRequest(
			context,
			account,
			{
				endpoint: 'MuteUnmuteCalls',
				method: request.requestMethod,
				fields: { [field]: request.value, state: STATE_BY_OPERATION[request.operation] },
				timeout: request.timeout,
				maxAttempts: request.maxAttempts,
				subject,
			},
			itemIndex,
			judgeMuteUnmuteReply,
		);
	const outcome: IDataObject = request.verify
		? await sendVerified(context, check, itemIndex, send)
		: sentOutcome(await send());
	return { ...outcome, ...asked(request), audit: audit(context, request, outcome) };
}
