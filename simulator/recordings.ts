import type { ServerResponse } from 'node:http';
import { errorPage, sendHtml } from './http';
import type { VoicenterCdr } from './types';

/**
 * A placeholder, not the call's audio (the simulator records nothing): one silent MPEG-1 Layer III
 * frame (128 kbit/s, 44.1 kHz, no CRC; 417 bytes, about 26 ms), so a player or a download step gets
 * a real, if empty, MP3.
 */
export const PLACEHOLDER_MP3: Buffer = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(413)]);

/**
 * Serves the recording a CDR's `record` points at: the placeholder for an ended, answered call;
 * an HTML 404 for any other ID (a live call, an unanswered one, an unknown one).
 */
export function sendRecording(response: ServerResponse, method: string, cdr: VoicenterCdr | undefined): void {
	if (method !== 'GET' && method !== 'HEAD') {
		sendHtml(response, 405, errorPage(405, 'Method Not Allowed'));
		return;
	}
	if (cdr === undefined || cdr.record === '') {
		sendHtml(response, 404, errorPage(404, 'Not Found'));
		return;
	}
	if (response.destroyed || response.writableEnded) return;
	response.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': PLACEHOLDER_MP3.length });
	response.end(method === 'HEAD' ? undefined : PLACEHOLDER_MP3);
}
