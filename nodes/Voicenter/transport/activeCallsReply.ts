import type { IDataObject } from 'n8n-workflow';

import { utcMsFromServerSeconds } from '../helpers/voicenterClock';
import type { ActiveCall, ActiveExtension, Judgement } from './types';
import { describeHttpFailure, parseJsonObject } from './voicenterReply';

const TOKEN_HINT =
	'Check the API Token in the Voicenter API credential (Voicenter back office → API token). Nothing was muted or unmuted.';

/** Past the last day a Date can show (less two days for any zone's offset): not a time. */
const LATEST_SERVER_SECONDS = 8_640_000_000_000 - 2 * 86_400;

/**
 * Voicenter writes epoch seconds on the account's wall clock (Israel: UTC + 2 h in winter, + 3 h in
 * summer), not in UTC: the UTC instant, as an ISO string; null for 0 (not yet) or no time.
 */
function isoFromServerSeconds(value: unknown, timeZone: string): string | null {
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0 || seconds > LATEST_SERVER_SECONDS) return null;
	return new Date(utcMsFromServerSeconds(seconds, timeZone)).toISOString();
}

function asText(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function integerOrNull(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) ? number : null;
}

function toActiveCall(extension: string, extensionId: number | null, call: IDataObject, timeZone: string): ActiveCall {
	const recording = isObject(call.recording) ? call.recording : {};
	return {
		extension,
		extensionId,
		ivrid: asText(call.ivrid),
		callerPhone: asText(call.callerphone),
		callerName: asText(call.callername).trim(),
		did: asText(call.did),
		direction: asText(call.direction),
		status: String(call.callstatus ?? ''),
		startedAt: isoFromServerSeconds(call.callStarted, timeZone),
		answeredAt: isoFromServerSeconds(call.callAnswered, timeZone),
		isMuted: Number(recording.IsMuted) === 1,
		customData: isObject(call.customdata) ? call.customdata : {},
	};
}

/**
 * ERR 1 is a malformed request, and the way Voicenter refuses a token ("Authorization failed.");
 * ERR 2 is a bad parameter or an internal error on Voicenter's side.
 */
function describeErr(err: number, desc: string): { reason: string; hint: string } {
	const answered = `Voicenter answered ERR ${err}: ${desc || '(no description)'}`;
	if (err === 1 && /authori[sz]ation/i.test(desc)) {
		return { reason: `the API token was refused (${answered})`, hint: TOKEN_HINT };
	}
	if (err === 1) {
		return { reason: `${answered} (the request was not in the format Voicenter expects)`, hint: TOKEN_HINT };
	}
	if (err === 2) {
		return {
			reason: `${answered} (a parameter was not valid, or Voicenter had an internal error)`,
			hint: 'Check the extension (its SIP ID as shown in Voicenter CPanel). If it is right, Voicenter had an internal error: try again later.',
		};
	}
	return { reason: answered, hint: 'Voicenter rejected the Active Calls request.' };
}

/**
 * Judges an answer from GetExtensionsCalls. A wrong token is answered with an empty list rather
 * than an error, and every account has extensions, so an empty list is reported as a token problem.
 * Call times come in `timeZone`'s wall clock (the credential's Account Time Zone) and leave as UTC.
 */
export function judgeActiveCallsReply(statusCode: number, text: string, timeZone: string): Judgement<ActiveExtension[]> {
	const body = parseJsonObject(text);
	if (body === undefined || !('ERR' in body)) {
		return { ok: false, problem: describeHttpFailure(statusCode, text, body, 'ERR') };
	}
	if (Number(body.ERR) !== 0) {
		const desc = typeof body.DESC === 'string' ? body.DESC.trim() : '';
		return { ok: false, problem: { ...describeErr(Number(body.ERR), desc), httpCode: statusCode } };
	}
	const extensions = Array.isArray(body.EXTENSIONS) ? (body.EXTENSIONS as IDataObject[]) : [];
	if (extensions.length === 0) {
		return {
			ok: false,
			problem: {
				reason: 'Voicenter returned no extensions, which is how it answers a wrong API token',
				hint: TOKEN_HINT,
				httpCode: statusCode,
			},
		};
	}
	const value = extensions.map((entry) => {
		const extension = asText(entry.username);
		const extensionId = integerOrNull(entry.extensionID);
		const calls = Array.isArray(entry.calls) ? (entry.calls as IDataObject[]).filter(isObject) : [];
		return { extension, extensionId, calls: calls.map((call) => toActiveCall(extension, extensionId, call, timeZone)) };
	});
	return { ok: true, value };
}
