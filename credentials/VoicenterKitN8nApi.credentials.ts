import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The user's own n8n, as the Voicenter Compliance Kit node reaches it to install the kit: its
 * public API with an API key. n8n 1.x's public API cannot create Data Tables, so there the
 * installer also signs in once with an owner's or admin's e-mail and password.
 */
export class VoicenterKitN8nApi implements ICredentialType {
	name = 'voicenterKitN8nApi';

	displayName = 'Voicenter Compliance Kit Installer API';

	icon: Icon = {
		light: 'file:../nodes/Voicenter/voicenterRecording.svg',
		dark: 'file:../nodes/Voicenter/voicenterRecording.dark.svg',
	};

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{ $credentials.apiKey }}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
			url: '/api/v1/workflows',
			qs: { limit: 1 },
		},
	};

	properties: INodeProperties[] = [
		{
			displayName: 'n8n URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com',
			required: true,
			description:
				"The address you open n8n's editor at, without a path, e.g. https://n8n.example.com or http://localhost:5678",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An n8n API key (Settings → n8n API → Create an API key). If you choose its scopes, give it every workflow, credential, tag and data table scope.',
		},
		{
			displayName: 'Sign-in Email (n8n 1.x Only)',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description:
				"n8n 1.x's public API cannot create Data Tables: the installer signs in once with this owner or admin account to create the pause ledger's table. Leave empty on n8n 2.x.",
		},
		{
			displayName: 'Sign-in Password (n8n 1.x Only)',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The password of that account. Leave empty on n8n 2.x; you can delete this credential once the kit is installed.',
		},
	];
}
