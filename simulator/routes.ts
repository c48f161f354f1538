import type { Endpoint } from './types';

// The contract writes both /Comet/API and /comet/API; monitor servers use /api.
const API_PATH = /^\/(?:comet\/api|api)\/(muteunmutecalls|getextensionscalls)$/i;

export const CONTROL_PREFIX = '/__simulator/';

/** Where the simulator serves the recording a CDR's `record` names: /recordings/<ivrid>.mp3. */
export const RECORDINGS_PREFIX = '/recordings/';
const RECORDING_PATH = /^\/recordings\/([^/]+)\.mp3$/;

export function matchEndpoint(path: string): Endpoint {
	const match = API_PATH.exec(path);
	if (match === null) return 'unknown';
	return match[1].toLowerCase() === 'muteunmutecalls' ? 'MuteUnmuteCalls' : 'GetExtensionsCalls';
}

export function isControlPath(path: string): boolean {
	return path.startsWith(CONTROL_PREFIX);
}

/**
 * The call ID in a recording's path, decoded; null for a recording path that names no valid ID;
 * undefined for any other path.
 */
export function recordingIvrid(path: string): string | null | undefined {
	if (!path.startsWith(RECORDINGS_PREFIX)) return undefined;
	const match = RECORDING_PATH.exec(path);
	if (match === null) return null;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return null;
	}
}
