import { NodeOperationError, sleep } from 'n8n-workflow';
import type { ICredentialsDecrypted, IHttpRequestOptions } from 'n8n-workflow';

import { runFacts } from '../helpers/runFacts';
import { DEFAULT_ACCOUNT_TIME_ZONE, timeZoneProblem } from '../helpers/voicenterClock';
import { parseServerUrl } from './serverUrl';
import { judgeActiveCallsReply } from './activeCallsReply';
import type { ActiveExtension, Judgement, VoicenterContext, VoicenterRequest } from './types';
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

function credentialProblem(context: VoicenterContext, itemIndex: number | undefined, problem: string, description: string) {
	return new NodeOperationError(context.getNode(), `Voicenter API credential: ${problem}`, { description, itemIndex });
}

/** The credential of one item, read once and handed to every request made for that item. */
export interface VoicenterAccount {
	serverUrl: string;
	/** The IANA zone of the account's clock, on which Voicenter writes its times (checked). */
	timeZone: string;
	credentials: ICredentialsDecrypted;
}

/** The credential's Account Time Zone: empty or missing (a credential saved before it) is the default. */
function parseTimeZone(value: unknown): { ok: true; zone: string } | { ok: false; problem: string } {
	if (value === undefined || value === null) return { ok: true, zone: DEFAULT_ACCOUNT_TIME_ZONE };
	if (typeof value !== 'string') {
		return { ok: false, problem: `the Account Time Zone must be text, an IANA name such as Asia/Jerusalem (got ${typeof value})` };
	}
	const zone = value.trim();
	if (zone === '') return { ok: true, zone: DEFAULT_ACCOUNT_TIME_ZONE };
	const problem = timeZoneProblem(zone);
	return problem === undefined ? { ok: true, zone } : { ok: false, problem: `the Account Time Zone ${problem}` };
}

/**
 * Reads and checks the item's credential (n8n resolves credential expressions per item); without an
 * item when the editor loads a list.
 */
export async function readAccount(context: VoicenterContext, itemIndex?: number): Promise<VoicenterAccount> {
	const data = await context.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const parsed = parseServerUrl(data.baseUrl);
	if (!parsed.ok) {
		throw credentialProblem(
			context,
			itemIndex,
			parsed.problem,
			'Set "Server URL" to your Voicenter server, e.g. https://monapisec.voicenter.co.il/Comet/API or https://monitor1.voicenter.co/api.',
		);
	}
	const timeZone = parseTimeZone(data.timeZone);
	if (!timeZone.ok) {
		throw credentialProblem(
			context,
			itemIndex,
			timeZone.problem,
			'Set "Account Time Zone" to the IANA name of your Voicenter account\'s time zone, e.g. Asia/Jerusalem (Voicenter CPanel → account settings), or leave it empty for Asia/Jerusalem.',
		);
	}
	const { id, name } = runFacts(context).nodeCredentials[CREDENTIAL_TYPE] ?? {};
	return {
		serverUrl: parsed.url,
		timeZone: timeZone.zone,
		credentials: { id: id ?? '', name: name ?? '', type: CREDENTIAL_TYPE, data },
	};
}

/** Active Calls needs the token (the credential sends it): throws when there is none, before anything is sent. */
export function requireApiToken(context: VoicenterContext, account: VoicenterAccount, subject: string, itemIndex: number | undefined): void {
	const token = account.credentials.data?.apiToken;
	if (typeof token !== 'string' || token.trim() === '') {
		throw credentialProblem(
			context,
			itemIndex,
			`${subject} needs the API Token, and it is empty`,
			'Set "API Token" in the Voicenter API credential to the organisation token from the Voicenter back office.',
		);
	}
}

function checkTokenFor(context: VoicenterContext, account: VoicenterAccount, request: VoicenterRequest, itemIndex: number | undefined) {
	if (request.endpoint === 'GetExtensionsCalls') requireApiToken(context, account, request.subject, itemIndex);
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
	context: VoicenterContext,
	account: VoicenterAccount,
	request: VoicenterRequest,
	options: IHttpRequestOptions,
	judge: (statusCode: number, text: string) => Judgement<T>,
): Promise<Judgement<T>> {
	let response: FullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			// A copy: the helper changes the options it is given, and an attempt may be sent again.
			{ ...options },
			// Handing over the credential read for this item spares the helper a second lookup (in
			// n8n, a database read and a decryption) per request.
			{ credentialsDecrypted: account.credentials },
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
 * is idempotent); Voicenter's own refusals never are. This code never puts the token anywhere: it
 * only hands the item's credential to n8n's helper, and the credential adds the token to Active
 * Calls request bodies (see VoicenterApi.credentials.ts).
 */
export async function apiRequest<T>(
	context: VoicenterContext,
	account: VoicenterAccount,
	request: VoicenterRequest,
	itemIndex: number | undefined,
	judge: (statusCode: number, text: string) => Judgement<T>,
): Promise<{ value: T; attempts: number }> {
	checkTokenFor(context, account, request, itemIndex);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${account.serverUrl}/${request.endpoint}`,
		timeout: request.timeout,
		// A redirected POST would arrive without its body; a redirect is reported instead (and not
		// following redirects keeps the follow-redirects wrapper out of every request).
		disableFollowRedirect: true,
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
		const result = await attemptOnce(context, account, request, options, judge);
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

/**
 * Voicenter's Active Calls of one extension, or of all extensions: always POST, so the credential
 * adds the token to the body, never to a URL.
 */
export async function readActiveCalls(
	context: VoicenterContext,
	account: VoicenterAccount,
	query: Pick<VoicenterRequest, 'timeout' | 'maxAttempts' | 'subject'> & { extension?: string },
	itemIndex: number | undefined,
): Promise<ActiveExtension[]> {
	const { extension, ...request } = query;
	const { value } = await apiRequest(
		context,
		account,
		{ ...request, endpoint: 'GetExtensionsCalls', method: 'POST', fields: extension === undefined ? {} : { extension } },
		itemIndex,
		(statusCode, text) => judgeActiveCallsReply(statusCode, text, account.timeZone),
	);
	return value;
}
