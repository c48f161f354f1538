/**
 * Voicenter requests straight from this process over HTTPS, timed in two parts: connection set-up
 * (TCP and TLS, until the socket is secure) and Voicenter's answer (request sent → whole answer
 * read). Either on a new connection for every request (a new agent each time, as n8n's request
 * helper does: no kept session, no kept socket) or on one connection kept open (the limit).
 */
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface TimedRequest {
	/** 0 on a connection that was already open. */
	setupMs: number;
	answerMs: number;
	totalMs: number;
	json: unknown;
}

export interface WanClient {
	post(url: string, body: Record<string, string>): Promise<TimedRequest>;
	close(): void;
}

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function timedPost(agent: https.Agent, url: string, body: Record<string, string>): Promise<TimedRequest> {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		let setupMs = 0;
		const request = https.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
			let text = '';
			response.on('data', (chunk: Buffer) => (text += chunk.toString()));
			response.on('end', () => {
				const totalMs = since(started);
				resolve({ setupMs, answerMs: totalMs - setupMs, totalMs, json: JSON.parse(text) as unknown });
			});
			response.on('error', reject);
		});
		request.on('socket', (socket: TLSSocket) => {
			// A kept-open socket is already secure: no set-up for this request.
			if (socket.encrypted && !socket.connecting && socket.authorized) return;
			socket.once('secureConnect', () => (setupMs = since(started)));
		});
		request.on('error', reject);
		request.setTimeout(10_000, () => request.destroy(new Error(`no answer from ${url} within 10 s`)));
		request.end(JSON.stringify(body));
	});
}

export function wanClient(ca: Buffer, connection: 'new' | 'keptOpen'): WanClient {
	const keptOpen = new https.Agent({ ca, keepAlive: true, maxSockets: 1 });
	return {
		post: (url, body) => timedPost(connection === 'keptOpen' ? keptOpen : new https.Agent({ ca, keepAlive: false }), url, body),
		close: () => keptOpen.destroy(),
	};
}
