import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import * as getActiveCalls from './actions/getActiveCalls.operation';
import * as recordingState from './actions/recordingState.operation';
import { toolDescriptions } from './actions/toolDescription';
import { searchCalls, searchExtensions } from './methods/listSearch';

export class VoicenterRecording implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voicenter Recording',
		name: 'voicenterRecording',
		icon: { light: 'file:voicenterRecording.svg', dark: 'file:voicenterRecording.dark.svg' },
		group: ['output'],
		// 2: Extension and Call ID are resource locators (pick from live calls); 1 keeps plain text.
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ $parameter["operation"] === "getActiveCalls" ? "Get Active Calls" : ($parameter["operation"] === "unmute" ? "Unmute" : "Mute") + " by " + ({ callId: "Call ID", callerNumber: "Caller Number" }[$parameter["target"]] ?? "Extension") }}',
		description: 'Pause and resume Voicenter call recording, e.g. while a customer reads a card number',
		defaults: { name: 'Voicenter Recording' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voicenterApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Mute',
						value: 'mute',
						description: 'Pause the recording of a call or of every call on an extension',
						action: 'Mute call recording',
					},
					{
						name: 'Unmute',
						value: 'unmute',
						description: 'Resume the recording of a call or of every call on an extension',
						action: 'Unmute call recording',
					},
					{
						name: 'Get Active Calls',
						value: 'getActiveCalls',
						description: 'List the live calls of an extension or of all extensions, with whether each is muted',
						action: 'Get active calls',
					},
				],
				default: 'mute',
			},
			...recordingState.description,
			...getActiveCalls.description,
			...toolDescriptions,
		],
	};

	methods = { listSearch: { searchExtensions, searchCalls } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
