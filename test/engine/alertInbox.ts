import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Stands in for n8n's own webhooks: records each JSON body POSTed to it, by path. */
export interface AlertInbox {
	url: string;
	received: Array<{ path: string; body: unknown }>;
	close(): Promise<void>;
}

export async function startAlertInbox(): Promise<AlertInbox> {
	const received: AlertInbox['received'] = [];
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		request.on('end', () => {
			received.push({ path: request.url ?? '', body: text === '' ? undefined : (JSON.parse(text) as unknown) });
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
