import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parseServerUrl } from './serverUrl';
import { bodyText, describeTransportFailure, judgeMuteUnmuteReply } from './voicenterReply';

const TEST_TIMEOUT_MS = 10_000;

/**
 * Tells a reachable Voicenter server from a wrong URL without muting anything: a MuteUnmuteCalls
 * request with no target and no state can change no call, and Voicenter answers it with its own
 * "Parameters are not valid" JSON, which nothing but a Voicenter server would send.
 */
export async function testVoicenterConnection(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const server = parseServerUrl(credential.data?.baseUrl);
	if (!server.ok) {
		return { status: 'Error', message: `Server URL refused: ${server.problem}` };
	}

	let response: { statusCode: number; body: unknown };
	try {
		// ICredentialTestFunctions offers only `request` (n8n-workflow 2.41): no httpRequest there.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			method: 'POST',
			uri: `${server.url}/MuteUnmuteCalls`,
			body: {},
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const { code, message } = error as { code?: string; message?: string };
		const problem = describeTransportFailure(code, message ?? '', TEST_TIMEOUT_MS);
		return { status: 'Error', message: `Could not reach ${server.url}: ${problem.reason}` };
	}

	const result = judgeMuteUnmuteReply(response.statusCode, bodyText(response.body));
	if (result.ok || result.problem.ErrorCode !== undefined) {
		return { status: 'OK', message: `Voicenter answered at ${server.url}` };
	}
	return {
		status: 'Error',
		message: `${server.url} is not a Voicenter API: ${result.problem.reason}. ${result.problem.hint}`,
	};
}
