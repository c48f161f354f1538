import type { IDataObject } from 'n8n-workflow';

import type { ActiveCall, ActiveExtension, Judgement } from './types';
import { describeHttpFailure, parseJsonObject } from './voicenterReply';

const TOKEN_HINT =
	'Check the API Token in the Voicenter API credential (Voicenter back office → API token). Nothing was muted or unmuted.';

function isoFromEpochSeconds(value: unknown): string | null {
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

function toActiveCall(extension: string, call: IDataObject): ActiveCall {
	const recording = (call.recording ?? {}) as IDataObject;
	return {
		extension,
		ivrid: String(call.ivrid ?? ''),
		callerPhone: String(call.callerphone ?? ''),
		direction: String(call.direction ?? ''),
		status: String(call.callstatus ?? ''),
		startedAt: isoFromEpochSeconds(call.callStarted),
		answeredAt: isoFromEpochSeconds(call.callAnswered),
		isMuted: Number(recording.IsMuted) === 1,
	};
}

/**
 * Judges an answer from GetExtensionsCalls. A wrong token is answered with an empty list rather
 * than an error, and every account has extensions, so an empty list is reported as a token problem.
 */
export function judgeActiveCallsReply(statusCode: number, text: string): Judgement<ActiveExtension[]> {
	const body = parseJsonObject(text);
	if (body === undefined || !('ERR' in body)) {
		return { ok: false, problem: describeHttpFailure(statusCode, text, body, 'ERR') };
	}
	if (Number(body.ERR) !== 0) {
		return {
			ok: false,
			problem: {
				reason: `Voicenter answered ERR ${String(body.ERR)}: ${typeof body.DESC === 'string' && body.DESC ? body.DESC : '(no description)'}`,
				hint: Number(body.ERR) === 1 ? TOKEN_HINT : 'Voicenter rejected the Active Calls request.',
				httpCode: statusCode,
			},
		};
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
		const extension = String(entry.username ?? '');
		const calls = Array.isArray(entry.calls) ? (entry.calls as IDataObject[]) : [];
		return { extension, calls: calls.map((call) => toActiveCall(extension, call)) };
	});
	return { ok: true, value };
}
