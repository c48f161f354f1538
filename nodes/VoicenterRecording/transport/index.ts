import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseServerUrl } from './serverUrl';
import type { Judgement, VoicenterRequest } from './types';
import { voicenterError } from './voicenterError';
import { bodyText, describeTransportFailure } from './voicenterReply';

const CREDENTIAL_TYPE = 'voicenterApi';

interface FullResponse {
	statusCode: number;
	body: unknown;
}

function errorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current !== null && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const { code } = current as { code?: unknown };
		if (typeof code === 'string' && code !== '') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function credentialProblem(context: IExecuteFunctions, itemIndex: number, problem: string, description: string) {
	return new NodeOperationError(context.getNode(), `Voicenter API credential: ${problem}`, { description, itemIndex });
}

/** The server URL, checked; and for Active Calls, that a token exists (the credential sends it). */
async function checkedServerUrl(context: IExecuteFunctions, request: VoicenterRequest, itemIndex: number) {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const parsed = parseServerUrl(credentials.baseUrl);
	if (!parsed.ok) {
		throw credentialProblem(
			context,
			itemIndex,
			parsed.problem,
			'Set "Server URL" to your Voicenter server, e.g. https://monapisec.voicenter.co.il/Comet/API or https://monitor1.voicenter.co/api.',
		);
	}
	if (request.endpoint === 'GetExtensionsCalls' && (typeof credentials.code !== 'string' || credentials.code.trim() === '')) {
		throw credentialProblem(
			context,
			itemIndex,
			`${request.subject} needs the API Token, and it is empty`,
			'Set "API Token" in the Voicenter API credential to the organisation token from the Voicenter back office.',
		);
	}
	return parsed.url;
}

// Exponential backoff with jitter between attempts: 100–200 ms, then 200–400 ms, … at most 2 s.
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2000;

function backoffMs(attempt: number): number {
	const base = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
	return base + Math.floor(Math.random() * base);
}

/** One attempt: the judged answer, or why it failed. */
async function attemptOnce<T>(
	context: IExecuteFunctions,
	request: VoicenterRequest,
	options: IHttpRequestOptions,
	judge: (statusCode: number, text: string) => Judgement<T>,
): Promise<Judgement<T>> {
	let response: FullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			{ ...options },
		)) as FullResponse;
	} catch (error) {
		return {
			ok: false,
			problem: describeTransportFailure(errorCode(error), (error as Error).message ?? '', request.timeout),
		};
	}
	return judge(response.statusCode, bodyText(response.body));
}

/**
 * Sends one request to Voicenter and returns what `judge` accepts of the answer with the number of
 * attempts it took, or throws a worded error. Transient failures are sent again (setting a state
 * is idempotent); Voicenter's own refusals never are. The token never passes through here: the
 * credential adds it to Active Calls request bodies (see VoicenterApi.credentials.ts).
 */
export async function apiRequest<T>(
	context: IExecuteFunctions,
	request: VoicenterRequest,
	itemIndex: number,
	judge: (statusCode: number, text: string) => Judgement<T>,
): Promise<{ value: T; attempts: number }> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await checkedServerUrl(context, request, itemIndex)}/${request.endpoint}`,
		timeout: request.timeout,
		// The raw text is judged: an HTML page or broken JSON must be reported, not silently turned
		// into a string or an empty object.
		encoding: 'text',
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.method === 'POST') {
		options.body = request.fields;
		options.headers = { 'Content-Type': 'application/json' };
	} else {
		options.qs = request.fields;
	}

	for (let attempt = 1; ; attempt++) {
		const result = await attemptOnce(context, request, options, judge);
		if (result.ok) return { value: result.value, attempts: attempt };
		const { problem } = result;
		if (!problem.retryable || attempt >= request.maxAttempts) {
			const subject = attempt > 1 ? `${request.subject} (${attempt} attempts)` : request.subject;
			throw voicenterError(context.getNode(), subject, itemIndex, {
				...problem,
				fields: { ...problem.fields, attempts: attempt },
			});
		}
		await sleep(backoffMs(attempt));
	}
}
