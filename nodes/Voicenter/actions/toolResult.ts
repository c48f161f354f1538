import type { IDataObject } from 'n8n-workflow';

/**
 * What a model reads when the node runs as an AI tool. n8n hands it the output items as JSON, so
 * each item leads with `result`: the outcome in words, a failure's first word being NOT. A model
 * that skims must never read a failed pause as a pause.
 */

const FAILURE_HEADLINES: Record<string, string> = {
	mute: 'NOT muted (treat the call as still being recorded)',
	unmute: 'NOT resumed (treat the recording as still paused)',
	getActiveCalls: 'Active calls NOT read',
};

/** The failure's message as the tool says it, whether the node throws or continues. */
export function toolFailureMessage(operation: string, message: string): string {
	const headline = FAILURE_HEADLINES[operation] ?? 'FAILED';
	return message.startsWith(headline) ? message : `${headline}: ${message}`;
}

/** A failed item: the failure first, then what was asked and its audit record. */
export function toolFailureItem(failedItem: IDataObject): IDataObject {
	const { error, ...details } = failedItem;
	return { result: error, ...details };
}

function whatWasTargeted(item: IDataObject): string {
	if (item.target === 'extension') return `every live call on extension "${String(item.extension)}"`;
	const caller = item.callerNumber === undefined ? '' : ` (caller ${String(item.callerNumber)})`;
	return `call ID "${String(item.callId)}"${caller}`;
}

function recordingStateResult(item: IDataObject): IDataObject {
	const muting = item.operation === 'mute';
	const verified = item.verified === true;
	const what = whatWasTargeted(item);
	const actionId = `ActionID ${String(item.ActionID)}`;
	const result = verified
		? `${muting ? 'Muted' : 'Resumed'} and verified: the recording of ${what} is ${muting ? 'paused' : 'running again'}; Voicenter's Active Calls show it. ${actionId}.`
		: `${muting ? 'Muted' : 'Resumed'}, not verified: Voicenter accepted the ${muting ? 'pause' : 'resume'} of the recording of ${what} (${actionId}); Verify is off, so the state was not read back.`;
	return { result, muted: muting, verified, ActionID: item.ActionID, ...item };
}

function activeCallsResult(calls: IDataObject[]): IDataObject {
	const count = calls.length === 1 ? '1 live call' : `${calls.length === 0 ? 'No' : calls.length} live calls`;
	return { result: `${count}.`, calls };
}

/** One input item's successful output, as the tool returns it. */
export function toolSuccessItems(operation: string, items: IDataObject[]): IDataObject[] {
	if (operation === 'getActiveCalls') {
		// Grouped or not, one list: a model reads one answer, and "no calls" is an answer too.
		const calls = items.flatMap((item) => (Array.isArray(item.calls) ? (item.calls as IDataObject[]) : [item]));
		return [activeCallsResult(calls)];
	}
	return items.map(recordingStateResult);
}
