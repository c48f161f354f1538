import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { runFacts } from '../helpers/runFacts';
import { readActiveCalls, type VoicenterAccount } from '../transport';
import type { ActiveCall } from '../transport/types';
import { readTarget } from './readTarget';

const DISPLAY_NAME = 'Only Calls On Extension';
const NOTHING_SENT = 'Nothing was muted or unmuted.';

export const onlyOnExtensionOption: INodeProperties = {
	displayName: DISPLAY_NAME,
	name: 'onlyOnExtension',
	type: 'string',
	default: '',
	placeholder: "e.g. {{ $json.agentExtension }}",
	description:
		"Refuses the item, sending nothing, unless every call it would pause or resume is live on this extension: map it to the requester's own extension so that an agent acts only on his own calls. Once this option is added, an empty value refuses the item too. For a Call ID or a Caller Number it reads Active Calls (needs the API Token).",
};

/**
 * The one extension this item may act on, when the option is added; an added option whose value is
 * empty refuses the item (a lookup that found no extension must not lift the restriction).
 */
export function readOnlyOnExtension(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = runFacts(context).parameters.options;
	const added = options !== null && typeof options === 'object' && 'onlyOnExtension' in options;
	return added ? readTarget(context, 'options.onlyOnExtension', DISPLAY_NAME, itemIndex) : undefined;
}

function refuse(context: IExecuteFunctions, itemIndex: number, message: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${message} (item ${itemIndex})`, {
		description: `Option "${DISPLAY_NAME}" allows only the calls live on that extension. ${NOTHING_SENT}`,
		itemIndex,
	});
}

/** Refuses, before anything is read or sent, an extension target other than the allowed one. */
export function checkExtension(context: IExecuteFunctions, allowed: string, extension: string, itemIndex: number): void {
	if (extension !== allowed) {
		throw refuse(context, itemIndex, `Extension "${extension}" refused: only the calls on extension "${allowed}" may be paused or resumed here`);
	}
}

/** Refuses a call ID that is not live on the allowed extension right now (one Active Calls read of that extension). */
export async function checkCallId(
	context: IExecuteFunctions,
	account: VoicenterAccount,
	allowed: string,
	ivrid: string,
	request: { timeout: number; maxAttempts: number },
	itemIndex: number,
): Promise<void> {
	const extensions = await readActiveCalls(
		context,
		account,
		{ extension: allowed, timeout: request.timeout, maxAttempts: request.maxAttempts, subject: `Check that call "${ivrid}" is on extension "${allowed}"` },
		itemIndex,
	);
	const live = extensions.some((entry) => entry.extension === allowed && entry.calls.some((call) => call.ivrid === ivrid));
	if (!live) throw refuse(context, itemIndex, `Call ID "${ivrid}" refused: it is not a live call on extension "${allowed}"`);
}

/** Keeps the caller's calls on the allowed extension; none there is a refusal. */
export function callsOnExtension(context: IExecuteFunctions, allowed: string, callerNumber: string, calls: ActiveCall[], itemIndex: number): ActiveCall[] {
	const own = calls.filter((call) => call.extension === allowed);
	if (own.length === 0) {
		throw refuse(
			context,
			itemIndex,
			`Caller number "${callerNumber}" refused: its ${calls.length === 1 ? 'live call is' : `${calls.length} live calls are`} not on extension "${allowed}"`,
		);
	}
	return own;
}
