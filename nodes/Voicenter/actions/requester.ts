import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';
import { runFacts } from '../helpers/runFacts';

/** Which door a pause or resume came through, as the audit record names it. */
export const SOURCES = [
	{ name: 'AI Tool', value: 'aiTool', description: 'An AI agent or MCP client called the node as a tool' },
	{ name: 'Form', value: 'form', description: 'An agent submitted an n8n form' },
	{ name: 'Manual', value: 'manual', description: 'Someone ran the workflow in the n8n editor' },
	{ name: 'Resume URL', value: 'resume', description: 'A waiting workflow was resumed through its resume URL' },
	{ name: 'Time Limit', value: 'timeLimit', description: 'A waiting workflow resumed itself when its time limit passed' },
	{ name: 'Watchdog', value: 'watchdog', description: 'The recording watchdog (Voicenter Trigger) acted on its own' },
	{ name: 'Webhook', value: 'webhook', description: 'A CRM or another system called a webhook' },
] as const;
export type Source = (typeof SOURCES)[number]['value'];

export interface Requester {
	requestedBy: string | null;
	source: Source | null;
}

export const requesterOptions: INodeProperties[] = [
	{
		displayName: 'Requested By',
		name: 'requestedBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.user.email }}',
		description:
			"Who asked for this pause or resume, written into the audit record as requestedBy: the agent as the form knows him, the CRM user its request names. Map it with an expression. Left empty, the record says null.",
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: SOURCES.map((source) => ({ ...source })),
		default: 'webhook',
		description:
			'Which door the request came through, written into the audit record as source. Left out, it is AI Tool when the node runs as a tool, Manual in a manual run, and null otherwise.',
	},
];

function defaultSource(context: IExecuteFunctions): Source | null {
	if (runFacts(context).asTool) return 'aiTool';
	return context.getMode() === 'manual' ? 'manual' : null;
}

/** Who asked and through which door, for one item; throws, naming the option and the item, on a value it cannot record. */
export function readRequester(context: IExecuteFunctions, itemIndex: number): Requester {
	const requestedBy = itemParameter(context, 'options.requestedBy', itemIndex, '');
	if (requestedBy !== null && requestedBy !== undefined && !['string', 'number'].includes(typeof requestedBy)) {
		throw new NodeOperationError(context.getNode(), `Option "Requested By" must be text, not ${Array.isArray(requestedBy) ? 'a list' : typeof requestedBy} (item ${itemIndex})`, {
			itemIndex,
			description: 'Map a single value, e.g. {{ $json.user.email }}, not a whole object.',
		});
	}
	const who = requestedBy === null || requestedBy === undefined ? '' : String(requestedBy).trim();

	const source = itemParameter(context, 'options.source', itemIndex, null);
	if (source !== null && source !== undefined && source !== '' && !SOURCES.some((known) => known.value === source)) {
		throw new NodeOperationError(
			context.getNode(),
			`Option "Source" must be one of ${SOURCES.map((known) => known.value).join(', ')}, not "${String(source)}" (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return {
		requestedBy: who === '' ? null : who,
		source: typeof source === 'string' && source !== '' ? (source as Source) : defaultSource(context),
	};
}
