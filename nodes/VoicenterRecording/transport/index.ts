import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseServerUrl } from './serverUrl';
import type { VoicenterRequest } from './types';
import { voicenterError } from './voicenterError';
import { bodyText, describeTransportFailure, judgeMuteUnmuteReply } from './voicenterReply';

export const CREDENTIAL_TYPE = 'voicenterApi';

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

async function serverUrl(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const parsed = parseServerUrl(credentials.baseUrl);
	if (!parsed.ok) {
		throw new NodeOperationError(context.getNode(), `Voicenter API credential: ${parsed.problem}`, {
			description:
				'Set "Server URL" to your Voicenter server, e.g. https://monapisec.voicenter.co.il/Comet/API or https://monitor1.voicenter.co/api.',
			itemIndex,
		});
	}
	return parsed.url;
}

/** Sends one request to Voicenter and returns its accepted answer, or throws a worded error. */
export async function apiRequest(context: IExecuteFunctions, request: VoicenterRequest, itemIndex: number) {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${await serverUrl(context, itemIndex)}/${request.endpoint}`,
		timeout: request.timeout,
		// The raw text is judged by voicenterReply: an HTML page or broken JSON must be reported,
		// not silently turned into a string or an empty object.
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

	let response: FullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
		)) as FullResponse;
	} catch (error) {
		const problem = describeTransportFailure(errorCode(error), (error as Error).message ?? '', request.timeout);
		throw voicenterError(context.getNode(), request, itemIndex, problem);
	}

	const result = judgeMuteUnmuteReply(response.statusCode, bodyText(response.body));
	if (!result.ok) {
		throw voicenterError(context.getNode(), request, itemIndex, result.problem);
	}
	return result.answer;
}
