import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { pollRecordingEvents } from './trigger/pollRecordingEvents';

export class VoicenterTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voicenter Trigger',
		name: 'voicenterTrigger',
		icon: { light: 'file:voicenterRecording.svg', dark: 'file:voicenterRecording.dark.svg' },
		group: ['trigger'],
		// 1.1: the first poll after activation reports the calls already muted (Recording Muted, atFirstPoll).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ ($parameter["events"] || []).map(e => ({ recordingMuted: "Muted", recordingResumed: "Resumed", mutedTooLong: "Muted Too Long", callEndedWhileMuted: "Ended While Muted" })[e]).join(", ") }}',
		description: 'Starts the workflow when a call recording is paused or resumed, stays paused too long, or its call ends while paused',
		defaults: { name: 'Voicenter Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voicenterApi', required: true }],
		properties: [
			{
				displayName:
					"Each poll reads Voicenter's Active Calls once (the credential needs the API Token) and compares it with the last poll. The first poll after activation only notes which calls are muted.",
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName:
					"Each poll reads Voicenter's Active Calls once (the credential needs the API Token) and compares it with the last poll. The first poll after activation reports the calls already muted as Recording Muted, with atFirstPoll: true.",
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { '@version': [1.1] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: [
					{
						name: 'Call Ended While Muted',
						value: 'callEndedWhileMuted',
						description: 'A call last seen muted is gone from Active Calls: the rest of it was never recorded',
					},
					{
						name: 'Muted Too Long',
						value: 'mutedTooLong',
						description:
							'A call has been muted for at least the minutes set below, counted from the first poll that saw it muted; once per mute, unless Report Again Every is set',
					},
					{
						name: 'Recording Muted',
						value: 'recordingMuted',
						description:
							'A call that was recording at the last poll (or started since) is muted now; from version 1.1 also each call already muted at the first poll after activation (atFirstPoll: true)',
					},
					{
						name: 'Recording Resumed',
						value: 'recordingResumed',
						description: 'A call that was muted at the last poll is recording again',
					},
				],
			},
			{
				displayName: 'Muted Too Long After (Minutes)',
				name: 'mutedTooLongMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 15,
				description:
					'How long a call may stay muted before Muted Too Long fires. It fires at the first poll at least this long after the first poll that saw the mute, so at most one poll interval later.',
				displayOptions: { show: { events: ['mutedTooLong'] } },
			},
			{
				displayName: 'Report Again Every (Minutes)',
				name: 'mutedTooLongRepeatMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'While a call stays muted, Muted Too Long fires again at the first poll at least this long after its last report, so a watchdog whose unmute failed gets another try. Each item says which report it is (attempt 1, 2, 3…). 0 reports each mute once.',
				displayOptions: { show: { events: ['mutedTooLong'] } },
			},
			{
				displayName: 'Extensions',
				name: 'extensions',
				type: 'string',
				default: '',
				placeholder: 'e.g. SIPSIP1, SIPSIP2',
				description:
					"The SIP IDs of the extensions to watch, separated by commas; empty watches every extension. Changing the list starts a new baseline.",
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRecordingEvents(this);
	}
}
