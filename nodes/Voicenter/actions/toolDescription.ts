import type { INodeProperties } from 'n8n-workflow';

/**
 * What a model reads about each operation when the node runs as an AI tool. n8n words a tool from
 * an operation's action only for nodes with a Resource field, so without these every operation
 * would carry the node's one description. Declaring `toolDescription` also replaces n8n's own
 * field; shown only on the tool (`@tool`), so the plain node keeps its form.
 */
const TOOL_DESCRIPTIONS: Record<string, string> = {
	mute:
		'Pauses (mutes) the recording of a live Voicenter call, e.g. before the customer reads a card number. Returns "Muted and verified" when Voicenter shows the call muted, with the ActionID. An error, or a result that starts with "NOT muted", means the call is STILL BEING RECORDED: do not ask for the sensitive data.',
	unmute:
		'Resumes (unmutes) the recording of a Voicenter call once the sensitive part is over. Returns "Resumed and verified" when Voicenter shows the call recording again, with the ActionID. An error, or a result that starts with "NOT resumed", means the recording may still be paused.',
	getActiveCalls:
		"Lists the live Voicenter calls, of one extension or of all, each with its call ID (ivrid), the caller's number, the extension and whether its recording is paused (isMuted). Use it to find the call ID of a customer's call.",
};

export const toolDescriptions: INodeProperties[] = Object.entries(TOOL_DESCRIPTIONS).map(([operation, text]) => ({
	displayName: 'Tool Description',
	name: 'toolDescription',
	type: 'string',
	default: text,
	typeOptions: { rows: 4 },
	description: 'What the model reads about this tool: when to call it and how to read its result',
	displayOptions: { show: { '@tool': [true], operation: [operation] } },
}));
