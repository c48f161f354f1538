import type { ServerResponse } from 'node:http';
import { parseFaultRule, type FaultRule } from './faults';
import { parseMuteBehaviour, type MuteBehaviour } from './muteBehaviour';
import { isPlainObject, parseJson, sendJson } from './http';
import { CONTROL_PREFIX } from './routes';
import type { CdrDelivery, RecordedRequest, SimulatedCall, VoicenterCdr, WrongTokenAnswer } from './types';

/** What the control endpoints may do to the simulator. */
export interface SimulatorControls {
	readonly requests: RecordedRequest[];
	readonly issuedActionIds: string[];
	readonly peakInFlight: number;
	calls(): SimulatedCall[];
	call(ivrid: string): SimulatedCall | undefined;
	addCall(extension: string, partial?: Partial<SimulatedCall>): SimulatedCall;
	endCall(ivrid: string): void;
	injectFault(rule: FaultRule): void;
	clearFaults(): void;
	setErrorCodeAsNumber(value: boolean): void;
	setWrongTokenAnswer(value: WrongTokenAnswer): void;
	setMuteBehaviour(behaviour: MuteBehaviour): void;
	readonly cdrNotificationUrl: string | null;
	readonly cdrDeliveries: CdrDelivery[];
	setCdrNotificationUrl(url: string | null): void;
	setCdrRetryDelays(delaysMs: number[]): void;
	cdrs(): VoicenterCdr[];
	cdr(ivrid: string): VoicenterCdr | undefined;
	resendCdr(ivrid: string): Promise<CdrDelivery>;
	reset(): void;
}

/**
 * The /__simulator/ endpoints, for a test or demo that runs the simulator in another process.
 * They are not Voicenter's, so they are never recorded as requests.
 */
export function handleControlRequest(
	simulator: SimulatorControls,
	method: string,
	path: string,
	rawBody: string,
	response: ServerResponse,
): void {
	const route = `${method} ${path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '')}`;
	try {
		if (route === 'GET requests') return sendJson(response, 200, simulator.requests);
		if (route === 'GET calls') return sendJson(response, 200, simulator.calls());
		if (route === 'GET action-ids') return sendJson(response, 200, simulator.issuedActionIds);
		if (route === 'GET stats') {
			return sendJson(response, 200, { requests: simulator.requests.length, peakInFlight: simulator.peakInFlight });
		}
		if (route === 'POST reset') {
			simulator.reset();
			return sendJson(response, 200, { ok: true });
		}
		if (route === 'POST faults') {
			simulator.injectFault(parseFaultRule(jsonBody(rawBody)));
			return sendJson(response, 201, { ok: true });
		}
		if (route === 'DELETE faults') {
			simulator.clearFaults();
			return sendJson(response, 200, { ok: true });
		}
		if (route === 'POST options') {
			const { errorCodeAsNumber, muteBehaviour, wrongTokenAnswer, cdrNotificationUrl, cdrRetryDelaysMs } = objectBody(rawBody);
			if (errorCodeAsNumber !== undefined && typeof errorCodeAsNumber !== 'boolean')
				throw new Error('errorCodeAsNumber must be a boolean');
			if (typeof errorCodeAsNumber === 'boolean') simulator.setErrorCodeAsNumber(errorCodeAsNumber);
			if (muteBehaviour !== undefined) simulator.setMuteBehaviour(parseMuteBehaviour(muteBehaviour));
			if (wrongTokenAnswer !== undefined) {
				if (wrongTokenAnswer !== 'emptyList' && wrongTokenAnswer !== 'authorizationFailed')
					throw new Error('wrongTokenAnswer must be "emptyList" or "authorizationFailed"');
				simulator.setWrongTokenAnswer(wrongTokenAnswer);
			}
			// null or '' turns CDR sending off; absent leaves it as it is.
			if (cdrNotificationUrl !== undefined) simulator.setCdrNotificationUrl(cdrNotificationUrl as string | null);
			if (cdrRetryDelaysMs !== undefined) simulator.setCdrRetryDelays(cdrRetryDelaysMs as number[]);
			return sendJson(response, 200, { ok: true });
		}
		if (route === 'POST calls') {
			const { extension, ...partial } = objectBody(rawBody);
			if (typeof extension !== 'string') throw new Error('extension must be a string');
			return sendJson(response, 201, simulator.addCall(extension, callFields(partial)));
		}
		if (route.startsWith('DELETE calls/')) {
			const ivrid = decodeURIComponent(route.slice('DELETE calls/'.length));
			if (simulator.call(ivrid) === undefined) {
				return sendJson(response, 404, { error: `no live call with ivrid "${ivrid}"` });
			}
			// Answers at once; the CDR goes out in the background.
			simulator.endCall(ivrid);
			return sendJson(response, 200, { ok: true });
		}
		if (route === 'GET cdrs') return sendJson(response, 200, simulator.cdrs());
		if (route === 'GET cdr-deliveries') return sendJson(response, 200, simulator.cdrDeliveries);
		const resend = /^POST cdrs\/([^/]+)\/send$/.exec(route);
		if (resend !== null) {
			const ivrid = decodeURIComponent(resend[1]);
			if (simulator.cdr(ivrid) === undefined) {
				return sendJson(response, 404, { error: `no CDR for ivrid "${ivrid}": no such call has ended` });
			}
			if (simulator.cdrNotificationUrl === null) {
				return sendJson(response, 409, { error: 'no cdrNotificationUrl is set' });
			}
			// Answers with the first attempt; retries, if any, go on in the background.
			simulator.resendCdr(ivrid).then(
				(delivery) => sendJson(response, 200, delivery),
				(error: Error) => sendJson(response, 400, { error: error.message }),
			);
			return;
		}
		return sendJson(response, 404, { error: `unknown control endpoint: ${method} ${path}` });
	} catch (error) {
		return sendJson(response, 400, { error: (error as Error).message });
	}
}

function jsonBody(rawBody: string): unknown {
	const parsed = parseJson(rawBody);
	if (!parsed.ok) throw new Error('the body is not JSON');
	return parsed.value;
}

function objectBody(rawBody: string): Record<string, unknown> {
	const value = jsonBody(rawBody);
	if (!isPlainObject(value)) throw new Error('the body must be a JSON object');
	return value;
}

const CALL_FIELD_TYPES: Record<string, 'string' | 'number' | 'boolean' | 'object'> = {
	ivrid: 'string',
	isMuted: 'boolean',
	callerPhone: 'string',
	callerName: 'string',
	did: 'string',
	customData: 'object',
	direction: 'string',
	status: 'string',
	callStarted: 'number',
	callAnswered: 'number',
};

function callFields(fields: Record<string, unknown>): Partial<SimulatedCall> {
	for (const [name, value] of Object.entries(fields)) {
		const expected = CALL_FIELD_TYPES[name];
		if (expected === undefined) throw new Error(`unknown call field "${name}"`);
		const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
		if (expected === 'object' ? !isObject : typeof value !== expected) throw new Error(`${name} must be a ${expected}`);
	}
	// Voicenter's directions are Incoming, Outgoing, Click2Call and Spy; any text may come.
	if (fields.direction === '') throw new Error('direction must not be empty');
	return fields as Partial<SimulatedCall>;
}
