/** The lines `npm run dev` and `npm run dev:queue` print about the example workflows' webhooks. */
const EXAMPLE_CALLS = [
	{ path: 'voicenter/mute', body: '{"extension":"SIPSIP1"}' },
	{ path: 'voicenter/unmute', body: '{"callId":"2020101201cc7b38df"}' },
	{ path: 'voicenter/mute-verified', body: '{"extension":"SIPSIP1"}' },
	// Answers with a resumeUrl: POST to it to unmute; otherwise the call is unmuted after 10 minutes.
	{ path: 'voicenter/pause', body: '{"extension":"SIPSIP1"}' },
];

/** One `POST <url>  <body>` line per example webhook, the first after `label`, the others under it. */
export function exampleWebhookLines(baseUrl: string, label: string): string {
	const indent = ' '.repeat(label.length);
	return EXAMPLE_CALLS.map((call, index) => `${index === 0 ? label : indent}POST ${baseUrl}/webhook/${call.path}  ${call.body}`).join('\n');
}
