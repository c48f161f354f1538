import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { signedToken } from '../../scripts/n8n/signedToken';

/**
 * Stands in for n8n's own webhooks: records each JSON body POSTed to it, by path, and the claims of
 * its bearer token when the token is signed with `passphrase` (as n8n's JWT Auth would check it).
 */
export interface AlertInbox {
	url: string;
	received: Array<{ path: string; body: unknown; claims: Record<string, unknown> | 'no valid token' }>;
	close(): Promise<void>;
}

function verifiedClaims(authorization: string | undefined, passphrase: string): Record<string, unknown> | 'no valid token' {
	const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
	const payload = token?.split('.')[1];
	if (token === undefined || payload === undefined) return 'no valid token';
	const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
	return signedToken(claims, passphrase) === token ? claims : 'no valid token';
}

export async function startAlertInbox(passphrase: string): Promise<AlertInbox> {
	const received: AlertInbox['received'] = [];
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		request.on('end', () => {
			received.push({
				path: request.url ?? '',
				body: text === '' ? undefined : (JSON.parse(text) as unknown),
				claims: verifiedClaims(request.headers.authorization, passphrase),
			});
			response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"message":"Workflow was started"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
