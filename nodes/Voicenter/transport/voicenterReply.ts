import type { IDataObject } from 'n8n-workflow';

import type { Judgement, VoicenterProblem } from './types';

/**
 * The one place that decides what a Voicenter answer means. Voicenter reports errors in the body
 * (ErrorCode 400 with HTTP 200), so the HTTP status alone never counts as success.
 */

const BODY_EXCERPT_LENGTH = 120;

function excerpt(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > BODY_EXCERPT_LENGTH ? `${flat.slice(0, BODY_EXCERPT_LENGTH)}…` : flat;
}

export function parseJsonObject(text: string): IDataObject | undefined {
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

function looksLikeHtml(text: string): boolean {
	return /^\s*</.test(text);
}

function hintForMessage(message: string): string {
	if (/extension not found/i.test(message)) {
		return 'Check the extension SIP ID as shown in Voicenter CPanel. The recording was NOT muted or unmuted.';
	}
	if (/ivrid not found/i.test(message)) {
		return 'The call ID is wrong or the call has already ended. The recording state did not change.';
	}
	if (/parameters are not valid/i.test(message)) {
		return 'Voicenter rejected the request fields. The recording state did not change.';
	}
	return 'Voicenter did not accept the request. The recording state did not change.';
}

/** Busy or briefly unavailable: the same request may well succeed when sent again. */
const RETRYABLE_HTTP_STATUSES = new Set([429, 502, 503, 504]);

function hintForHttpStatus(status: number): string {
	if (status === 403) {
		return "Voicenter refuses callers whose IP address is not whitelisted in the account's CPanel.";
	}
	if (status >= 300 && status < 400) {
		return 'Voicenter redirected the request, which is not followed (a redirected POST loses its body). Check the Server URL in the Voicenter API credential. The recording state did not change.';
	}
	if (status === 404) {
		return 'Check the Server URL in the Voicenter API credential.';
	}
	if (status >= 500) {
		return 'Voicenter had a server error. Treat the recording state as unchanged.';
	}
	return 'Treat the recording state as unchanged.';
}

function isSuccessCode(errorCode: unknown): boolean {
	return errorCode === 200 || errorCode === '200';
}

/** The body as text, however the HTTP client handed it over (text, parsed JSON, or nothing). */
export function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	return typeof body === 'string' ? body : JSON.stringify(body);
}

/** An answer that is not Voicenter's JSON: an HTTP error, an HTML page, broken or foreign JSON. */
export function describeHttpFailure(
	statusCode: number,
	text: string,
	body: IDataObject | undefined,
	codeField: string,
): VoicenterProblem {
	if (statusCode < 200 || statusCode >= 300) {
		return {
			reason: `Voicenter answered HTTP ${statusCode}${text ? `: ${excerpt(text)}` : ''}`,
			hint: hintForHttpStatus(statusCode),
			httpCode: statusCode,
			retryable: RETRYABLE_HTTP_STATUSES.has(statusCode),
		};
	}
	const what = looksLikeHtml(text)
		? 'an HTML page'
		: body === undefined
			? `something that is not JSON (${excerpt(text) || 'an empty body'})`
			: `JSON without an ${codeField}`;
	return {
		reason: `the server answered ${what}, not a Voicenter response`,
		hint: 'Check the Server URL in the Voicenter API credential. Treat the recording state as unchanged.',
		httpCode: statusCode,
	};
}

/** Judges an HTTP answer from MuteUnmuteCalls. */
export function judgeMuteUnmuteReply(
	statusCode: number,
	text: string,
): Judgement<{ ActionID: string; ErrorCode: string | number; Message: string }> {
	const body = parseJsonObject(text);

	if (body === undefined || !('ErrorCode' in body)) {
		return { ok: false, problem: describeHttpFailure(statusCode, text, body, 'ErrorCode') };
	}

	const errorCode = body.ErrorCode as string | number;
	const message = typeof body.Message === 'string' ? body.Message : '';
	if (!isSuccessCode(errorCode)) {
		return {
			ok: false,
			problem: {
				reason: `Voicenter answered ErrorCode ${String(errorCode)}: ${message || '(no message)'}`,
				hint: hintForMessage(message),
				httpCode: statusCode,
				ErrorCode: errorCode,
				Message: message,
			},
		};
	}

	if (typeof body.ActionID !== 'string' || body.ActionID === '') {
		return {
			ok: false,
			problem: {
				reason: 'Voicenter answered success without an ActionID',
				hint: 'The answer is incomplete; do not assume the recording state changed.',
				httpCode: statusCode,
				ErrorCode: errorCode,
				Message: message,
			},
		};
	}

	return { ok: true, value: { ActionID: body.ActionID, ErrorCode: errorCode, Message: message } };
}

/** Words a failure to get any HTTP answer at all (refused, reset, timed out). */
export function describeTransportFailure(code: string | undefined, message: string, timeout: number): VoicenterProblem {
	const unknownState =
		'The request may or may not have reached Voicenter: treat the recording state as unknown.';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
		return { reason: `no answer from Voicenter within ${timeout} ms`, hint: unknownState, retryable: true };
	}
	if (code === 'ECONNREFUSED') {
		return {
			reason: 'the connection to the Voicenter server was refused',
			hint: 'Check the Server URL in the Voicenter API credential. Nothing was muted or unmuted.',
			retryable: true,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			reason: 'the Voicenter server name could not be resolved',
			hint: 'Check the Server URL in the Voicenter API credential. Nothing was muted or unmuted.',
		};
	}
	if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) {
		return { reason: 'the connection closed before Voicenter answered', hint: unknownState, retryable: true };
	}
	return { reason: 'the request to Voicenter failed', hint: `${unknownState} Cause: ${code ?? message}.` };
}
