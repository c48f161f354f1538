import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { readActiveCalls, type VoicenterAccount } from '../transport';
import type { ActiveCall } from '../transport/types';

/** Israel's country code: Voicenter lists numbers in the national form (0…), CRMs often send +972…. */
const COUNTRY_CODE = '972';
const SEPARATORS = /[\s\-()./]/g;

/**
 * The part of a phone number that every form a CRM sends shares: `+972 50-123-4567`,
 * `972501234567`, `00972501234567` and `050 1234567` all give `501234567`. Undefined when the
 * value is not a phone number.
 */
export function phoneKey(value: string): string | undefined {
	let digits = value.replace(SEPARATORS, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	else if (digits.startsWith('00')) digits = digits.slice(2);
	else if (digits.startsWith('0')) digits = `${COUNTRY_CODE}${digits.slice(1)}`;
	if (!/^\d{7,15}$/.test(digits)) return undefined;
	return digits.startsWith(COUNTRY_CODE) ? digits.slice(COUNTRY_CODE.length) : digits;
}

/** Reads the caller number of one item; refuses anything that is not a phone number before sending. */
export function readCallerNumber(context: IExecuteFunctions, value: string, itemIndex: number): string {
	if (phoneKey(value) === undefined) {
		throw new NodeOperationError(context.getNode(), `Caller Number "${value}" is not a phone number (item ${itemIndex})`, {
			description:
				'Use the customer\'s number as the CRM has it, e.g. 0501234567, +972-50-123-4567 or 972501234567. No request was sent for this item.',
			itemIndex,
		});
	}
	return value;
}

/**
 * The live calls whose customer number (Voicenter's `callerphone`, for incoming and outgoing calls
 * alike) is `callerNumber`, read from Active Calls (which needs the API token). None is an error:
 * nothing can be muted.
 */
export async function liveCallsOf(
	context: IExecuteFunctions,
	account: VoicenterAccount,
	callerNumber: string,
	request: { timeout: number; maxAttempts: number },
	itemIndex: number,
): Promise<ActiveCall[]> {
	const extensions = await readActiveCalls(
		context,
		account,
		{ timeout: request.timeout, maxAttempts: request.maxAttempts, subject: `Lookup of caller number "${callerNumber}"` },
		itemIndex,
	);
	const key = phoneKey(callerNumber);
	const calls = extensions.flatMap((extension) => extension.calls);
	const matches = calls.filter((call) => phoneKey(call.callerPhone) === key);
	if (matches.length === 0) {
		throw new NodeOperationError(context.getNode(), `No live call with caller number "${callerNumber}" (item ${itemIndex})`, {
			description: `Voicenter's Active Calls list ${calls.length} live call(s) right now, none with this number: the call has not started, has ended, or the number differs. Nothing was muted or unmuted.`,
			itemIndex,
		});
	}
	return matches;
}
