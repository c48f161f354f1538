import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_ACCOUNT_TIME_ZONE } from '../nodes/Voicenter/helpers/voicenterClock';
import { DEFAULT_SERVER_URL } from '../nodes/Voicenter/transport/serverUrl';

export class VoicenterApi implements ICredentialType {
	name = 'voicenterApi';

	displayName = 'Voicenter API';

	icon: Icon = {
		light: 'file:../nodes/Voicenter/voicenterRecording.svg',
		dark: 'file:../nodes/Voicenter/voicenterRecording.dark.svg',
	};

	documentationUrl = 'https://www.voicenter.com/API';

	/**
	 * Only the Active Calls API takes the token, as Voicenter's `code` field, and only in a POST
	 * body: it is never added to a URL, and never to MuteUnmuteCalls, which authorises the
	 * caller's IP instead.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const isActiveCalls = /\/GetExtensionsCalls$/i.test(requestOptions.url ?? '');
		const body = requestOptions.body;
		if (!isActiveCalls || requestOptions.method !== 'POST' || body === null || typeof body !== 'object') {
			return requestOptions;
		}
		return { ...requestOptions, body: { ...(body as object), code: credentials.apiToken } };
	}

	/**
	 * A MuteUnmuteCalls request with no target and no state changes no call; Voicenter answers it
	 * with its own JSON (`ErrorCode` with "Parameters are not valid"). A reply without `ErrorCode`
	 * (an HTML page, another API) fails the test, and so does an HTTP error or a refused connection.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
			url: '/MuteUnmuteCalls',
			method: 'POST',
			body: {},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ErrorCode',
					value: undefined,
					message: `The Server URL answered, but not as Voicenter's API does (its reply has no ErrorCode). Check the address, e.g. ${DEFAULT_SERVER_URL} or https://monitor1.voicenter.co/api.`,
				},
			},
		],
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_SERVER_URL,
			placeholder: 'https://monitor1.voicenter.co/api',
			required: true,
			description:
				"Your account's Voicenter API server. Newer accounts use their monitor server, under .voicenter.co or .voicenter.co.il, e.g. https://monitor1.voicenter.co/api or https://monitor5.voicenter.co.il/api (ask Voicenter support which one). Must start with https://; the path is sent as you type it.",
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The organisation API token from the Voicenter back office. Not needed to mute or unmute (Voicenter authorises the calling IP address); used only to read active calls. Sent only in request bodies, never in a URL.',
		},
		{
			displayName: 'Account Time Zone',
			name: 'timeZone',
			type: 'string',
			default: DEFAULT_ACCOUNT_TIME_ZONE,
			placeholder: 'Asia/Jerusalem',
			description:
				"Voicenter writes call times on your account's clock, not in UTC; the node turns them into UTC with this zone. The IANA name of your account's time zone, e.g. Asia/Jerusalem or Europe/London, as set in Voicenter CPanel's account settings. Empty means Asia/Jerusalem.",
		},
	];
}
