/**
 * The one place the kit installer talks to the user's n8n: its public API with the credential's
 * API key, its unauthenticated settings (the version), and, on n8n 1.x only, its REST API with a
 * signed-in session (Data Tables have no public API there). Every answer comes back with its
 * status: the installer decides what a refusal means.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

export const KIT_CREDENTIAL_TYPE = 'voicenterKitN8nApi';

export interface N8nAnswer {
	status: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

export interface N8nRequest {
	method: IHttpRequestMethods;
	/** From n8n's address: `/api/v1/...`, `/rest/...`. */
	path: string;
	body?: unknown;
	qs?: IDataObject;
	/** The public API with the API key (default), or without it (settings, sign-in, a session's REST call). */
	withApiKey?: boolean;
	cookie?: string;
}

export interface N8nApi {
	baseUrl: string;
	request(request: N8nRequest): Promise<N8nAnswer>;
}

export interface KitCredentialData {
	baseUrl: string;
	email: string;
	password: string;
}

export async function readKitCredential(context: IExecuteFunctions): Promise<KitCredentialData> {
	const data = await context.getCredentials(KIT_CREDENTIAL_TYPE);
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	return { baseUrl: text(data.baseUrl).replace(/\/+$/, ''), email: text(data.email), password: typeof data.password === 'string' ? data.password : '' };
}

export function n8nApi(context: IExecuteFunctions, baseUrl: string): N8nApi {
	return {
		baseUrl,
		async request({ method, path, body, qs, withApiKey = true, cookie }) {
			const options: IHttpRequestOptions = {
				method,
				url: `${baseUrl}${path}`,
				qs,
				body: body as IDataObject | undefined,
				json: true,
				headers: cookie === undefined ? {} : { cookie },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			};
			const answer = (
				withApiKey
					? await context.helpers.httpRequestWithAuthentication.call(context, KIT_CREDENTIAL_TYPE, options)
					: await context.helpers.httpRequest(options)
			) as { statusCode: number; body: unknown; headers: N8nAnswer['headers'] };
			return { status: answer.statusCode, body: answer.body, headers: answer.headers };
		},
	};
}

/** The answer's body, or an error saying what `what` was and what n8n answered. */
export async function expectOk(api: N8nApi, request: N8nRequest, what: string): Promise<unknown> {
	const answer = await api.request(request);
	if (answer.status >= 300) {
		const message = (answer.body as { message?: unknown } | undefined)?.message;
		throw new Error(`${what}: n8n answered ${answer.status}${typeof message === 'string' ? ` (${message})` : ''}`);
	}
	return answer.body;
}
