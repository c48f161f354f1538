/**
 * Reads the credential's Server URL. Voicenter gives each account a server (the seed default or a
 * monitor server), so it is user input: forgive case and trailing slashes, refuse anything that
 * would send call data unencrypted or leak secrets into a URL.
 */
export const DEFAULT_SERVER_URL = 'https://monapisec.voicenter.co.il/Comet/API';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export type ServerUrlResult = { ok: true; url: string } | { ok: false; problem: string };

// Every item reads the same credential; parsing its URL once per value is enough.
let lastParsed: { raw: unknown; result: ServerUrlResult } | undefined;

/** Returns the normalised base URL (no trailing slash) or the reason it is refused. */
export function parseServerUrl(raw: unknown): ServerUrlResult {
	if (lastParsed === undefined || lastParsed.raw !== raw) lastParsed = { raw, result: checkServerUrl(raw) };
	return lastParsed.result;
}

function checkServerUrl(raw: unknown): ServerUrlResult {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		return { ok: false, problem: 'the Server URL is empty' };
	}

	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: `the Server URL "${text}" is not a URL` };
	}

	if (url.username !== '' || url.password !== '') {
		return { ok: false, problem: 'the Server URL must not contain a user name or password' };
	}
	if (url.search !== '' || url.hash !== '') {
		return { ok: false, problem: 'the Server URL must not contain a query string or fragment' };
	}
	const plainLoopback = url.protocol === 'http:' && isLoopback(url.hostname);
	if (url.protocol !== 'https:' && !plainLoopback) {
		return {
			ok: false,
			problem: `the Server URL must start with https:// (got "${url.protocol}//${url.host}")`,
		};
	}

	const path = url.pathname.replace(/\/+$/, '');
	return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}
