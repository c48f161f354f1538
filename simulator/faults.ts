import type { ApiEndpoint } from './types';

export type Fault =
	/** Answer normally, but after `ms`. */
	| { kind: 'delay'; ms: number }
	/**
	 * Handle the request at once (a MuteUnmuteCalls is applied, an Active Calls read is taken), but
	 * answer only after `ms`: a client that dies meanwhile has changed the call without learning it.
	 */
	| { kind: 'slowAnswer'; ms: number }
	/** Answer with this HTTP status (500, 502, 503, 403, 429, 307…); the body defaults to an HTML page. */
	| { kind: 'httpStatus'; status: number; body?: string; contentType?: string; location?: string }
	/** HTTP 200 with an HTML page: a captive portal or the wrong server. */
	| { kind: 'html' }
	/** HTTP 200, JSON content type, truncated JSON. */
	| { kind: 'malformedJson' }
	/** Destroy the socket without answering. */
	| { kind: 'drop' }
	/** Never answer (until the server closes). */
	| { kind: 'hang' }
	/** A Voicenter-shaped error body; the state is not changed. */
	| { kind: 'errorCode'; errorCode: string | number; message: string; httpStatus?: number };

export interface FaultRule {
	fault: Fault;
	/** How many requests the rule applies to; unlimited until cleared when left out. */
	times?: number;
	/** Only requests to this endpoint; every API request when left out. */
	endpoint?: ApiEndpoint;
	/**
	 * Only requests that name this call ID (`ivrid`): one call's unmute fails while the others on
	 * the account go through.
	 */
	ivrid?: string;
}

/** The injected rules, in order; a request uses up the first rule that matches it. */
export class FaultBook {
	private rules: FaultRule[] = [];

	inject(rule: FaultRule): void {
		this.rules.push(rule);
	}

	clear(): void {
		this.rules = [];
	}

	take(endpoint: ApiEndpoint, ivrid?: string): Fault | undefined {
		const index = this.rules.findIndex(
			(rule) =>
				(rule.endpoint === undefined || rule.endpoint === endpoint) &&
				(rule.ivrid === undefined || rule.ivrid === ivrid),
		);
		if (index === -1) return undefined;
		const rule = this.rules[index];
		if (rule.times !== undefined) {
			rule.times -= 1;
			if (rule.times <= 0) this.rules.splice(index, 1);
		}
		return rule.fault;
	}
}

/** Checks a rule that arrived as JSON; throws with the reason when it is wrong. */
export function parseFaultRule(value: unknown): FaultRule {
	if (!isObject(value) || !isObject(value.fault)) {
		throw new Error('expected {"fault": {"kind": ...}, "times"?: n, "endpoint"?: name, "ivrid"?: id}');
	}
	const { times, endpoint, ivrid } = value;
	if (ivrid !== undefined && (typeof ivrid !== 'string' || ivrid === '')) {
		throw new Error('ivrid must be a call ID');
	}
	if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0)) {
		throw new Error('times must be a positive integer');
	}
	if (
		endpoint !== undefined &&
		endpoint !== 'MuteUnmuteCalls' &&
		endpoint !== 'GetExtensionsCalls'
	) {
		throw new Error('endpoint must be "MuteUnmuteCalls" or "GetExtensionsCalls"');
	}
	return {
		fault: parseFault(value.fault),
		...(times === undefined ? {} : { times: times as number }),
		...(endpoint === undefined ? {} : { endpoint }),
		...(ivrid === undefined ? {} : { ivrid: ivrid as string }),
	};
}

function parseFault(fault: Record<string, unknown>): Fault {
	switch (fault.kind) {
		case 'delay':
		case 'slowAnswer':
			requireNumber(fault.ms, 'ms', 0);
			return { kind: fault.kind, ms: fault.ms as number };
		case 'httpStatus':
			requireNumber(fault.status, 'status', 100, 599);
			requireOptionalString(fault.body, 'body');
			requireOptionalString(fault.contentType, 'contentType');
			requireOptionalString(fault.location, 'location');
			return {
				kind: 'httpStatus',
				status: fault.status as number,
				...(fault.body === undefined ? {} : { body: fault.body as string }),
				...(fault.contentType === undefined ? {} : { contentType: fault.contentType as string }),
				...(fault.location === undefined ? {} : { location: fault.location as string }),
			};
		case 'html':
		case 'malformedJson':
		case 'drop':
		case 'hang':
			return { kind: fault.kind };
		case 'errorCode':
			if (typeof fault.errorCode !== 'string' && typeof fault.errorCode !== 'number') {
				throw new Error('errorCode must be a string or a number');
			}
			if (typeof fault.message !== 'string') throw new Error('message must be a string');
			if (fault.httpStatus !== undefined) requireNumber(fault.httpStatus, 'httpStatus', 100, 599);
			return {
				kind: 'errorCode',
				errorCode: fault.errorCode,
				message: fault.message,
				...(fault.httpStatus === undefined ? {} : { httpStatus: fault.httpStatus as number }),
			};
		default:
			throw new Error(
				'fault.kind must be one of delay, slowAnswer, httpStatus, html, malformedJson, drop, hang, errorCode',
			);
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireNumber(
	value: unknown,
	name: string,
	min: number,
	max = Number.MAX_SAFE_INTEGER,
): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new Error(`${name} must be an integer from ${min} to ${max}`);
	}
}

function requireOptionalString(value: unknown, name: string): void {
	if (value !== undefined && typeof value !== 'string') throw new Error(`${name} must be a string`);
}
