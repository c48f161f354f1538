import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Fault } from './faults';
import { errorPage, send, sendHtml, sendJson } from './http';
import type { ApiEndpoint } from './types';

/** The faults that answer instead of the API; 'delay' and 'slowAnswer' only move the API's answer. */
export type ImmediateFault = Exclude<Fault, { kind: 'delay' | 'slowAnswer' }>;

const CAPTIVE_PORTAL_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Network login</title></head>\n' +
	'<body><h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to continue.</p>' +
	'<form method="post"><button>Accept</button></form></body></html>\n';

const TRUNCATED_JSON = '{"ErrorCode":"200","Mess';

/** Answers (or refuses to answer) a request the way the fault says, instead of the API. */
export function respondWithFault(
	fault: ImmediateFault,
	endpoint: ApiEndpoint,
	request: IncomingMessage,
	response: ServerResponse,
): void {
	switch (fault.kind) {
		case 'httpStatus': {
			const reason = STATUS_CODES[fault.status] ?? 'Error';
			const body = fault.body ?? errorPage(fault.status, reason);
			send(response, fault.status, fault.contentType ?? 'text/html; charset=utf-8', body, fault.location === undefined ? {} : { Location: fault.location });
			return;
		}
		case 'html':
			sendHtml(response, 200, CAPTIVE_PORTAL_PAGE);
			return;
		case 'malformedJson':
			send(response, 200, 'application/json; charset=utf-8', TRUNCATED_JSON);
			return;
		case 'drop':
			request.socket.destroy();
			return;
		case 'hang':
			// Left open on purpose; close() destroys the socket.
			return;
		case 'errorCode': {
			// Each endpoint has its own error shape.
			const body =
				endpoint === 'GetExtensionsCalls'
					? { ERR: fault.errorCode, DESC: fault.message }
					: { ErrorCode: fault.errorCode, Message: fault.message };
			sendJson(response, fault.httpStatus ?? 200, body);
			return;
		}
	}
}
