import type { Endpoint } from './types';

// The contract writes both /Comet/API and /comet/API; monitor servers use /api.
const API_PATH = /^\/(?:comet\/api|api)\/(muteunmutecalls|getextensionscalls)$/i;

export const CONTROL_PREFIX = '/__simulator/';

export function matchEndpoint(path: string): Endpoint {
	const match = API_PATH.exec(path);
	if (match === null) return 'unknown';
	return match[1].toLowerCase() === 'muteunmutecalls' ? 'MuteUnmuteCalls' : 'GetExtensionsCalls';
}

export function isControlPath(path: string): boolean {
	return path.startsWith(CONTROL_PREFIX);
}
