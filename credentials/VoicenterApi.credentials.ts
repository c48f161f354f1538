import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_SERVER_URL } from '../nodes/VoicenterRecording/transport/serverUrl';

export class VoicenterApi implements ICredentialType {
	name = 'voicenterApi';

	displayName = 'Voicenter API';

	icon: Icon = {
		light: 'file:../nodes/VoicenterRecording/voicenterRecording.svg',
		dark: 'file:../nodes/VoicenterRecording/voicenterRecording.dark.svg',
	};

	documentationUrl = 'https://www.voicenter.com/API';

	/**
	 * Only the Active Calls API takes the token, as `code`, and only in a POST body: it is never
	 * added to a URL, and never to MuteUnmuteCalls, which authorises the caller's IP instead.
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
		return { ...requestOptions, body: { ...(body as object), code: credentials.code } };
	}

	// Tested by the node (testedBy: 'voicenterConnection'): the test checks the URL itself and
	// needs a request that cannot mute anything, which a declarative test cannot express.

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_SERVER_URL,
			placeholder: 'https://monitor1.voicenter.co/api',
			required: true,
			description:
				"Your account's Voicenter API server. Newer accounts use their monitor server, e.g. https://monitor1.voicenter.co/api (ask Voicenter support which one). Must start with https://.",
		},
		// The field name is Voicenter's own ("code"), which the rule does not recognise as a secret.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'API Token',
			name: 'code',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The organisation API token from the Voicenter back office. Not needed to mute or unmute (Voicenter authorises the calling IP address); used only to read active calls. Sent only in request bodies, never in a URL.',
		},
	];
}
