import type { IncomingMessage, ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new BodyTooLargeError('request body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** Splits the raw URL by hand: `new URL` would read a path like '//x' as a host. */
export function splitUrl(rawUrl: string): { path: string; query: Record<string, string> } {
	const mark = rawUrl.indexOf('?');
	const path = mark === -1 ? rawUrl : rawUrl.slice(0, mark);
	const query: Record<string, string> = {};
	if (mark !== -1) {
		for (const [name, value] of new URLSearchParams(rawUrl.slice(mark + 1))) {
			query[name] = value;
		}
	}
	return { path, query };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
	send(response, status, JSON_TYPE, JSON.stringify(body));
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
	send(response, status, HTML_TYPE, html);
}

export function send(
	response: ServerResponse,
	status: number,
	contentType: string,
	text: string,
	headers: Record<string, string> = {},
): void {
	if (response.destroyed || response.writableEnded) return;
	response.writeHead(status, {
		...headers,
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

/** What a stock web server (nginx) answers for an error status. */
export function errorPage(status: number, reason: string): string {
	const title = `${status} ${reason}`;
	return (
		`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
		`<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
	);
}
