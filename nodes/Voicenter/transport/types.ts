import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/**
 * Where requests are sent from: a run of the node, the editor loading a list, or the trigger's poll
 * (no item in the last two).
 */
export type VoicenterContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type VoicenterEndpoint = 'MuteUnmuteCalls' | 'GetExtensionsCalls';

export type RequestMethod = 'POST' | 'GET';

export interface VoicenterRequest {
	endpoint: VoicenterEndpoint;
	method: RequestMethod;
	/** Sent as the JSON body (POST) or the query string (GET). */
	fields: Record<string, string>;
	/** Milliseconds before one attempt is abandoned. */
	timeout: number;
	/** Attempts in all, retries of transient failures included (1 = no retry). */
	maxAttempts: number;
	/** What the request does, for messages, e.g. `Mute of extension "101"`. */
	subject: string;
}

/** An extension and its live calls, as GetExtensionsCalls reports them. */
export interface ActiveExtension {
	extension: string;
	/** Voicenter's numeric ID of the extension (`extensionID`), when it sends one. */
	extensionId: number | null;
	calls: ActiveCall[];
}

/** A live call as GetExtensionsCalls reports it, in this node's words. */
export interface ActiveCall {
	extension: string;
	extensionId: number | null;
	/** Voicenter's call ID: any length, case and alphabet (Click2Call's CALLID is the same ID). */
	ivrid: string;
	callerPhone: string;
	/** The caller's name as Voicenter knows it (`callername`); empty when it has none. */
	callerName: string;
	/** The number the customer dialled (`did`); incoming calls only, empty otherwise. */
	did: string;
	/** Incoming, Outgoing, Click2Call, Spy, …: passed on as Voicenter sends it. */
	direction: string;
	status: string;
	startedAt: string | null;
	answeredAt: string | null;
	isMuted: boolean;
	/** Whatever the account attached to the call (`customdata`); an empty object when nothing. */
	customData: IDataObject;
}

/** Why a request did not succeed, before it is worded as an n8n error. */
export interface VoicenterProblem {
	reason: string;
	hint: string;
	httpCode?: number;
	/** Voicenter's own ErrorCode and Message, when its answer was readable. */
	ErrorCode?: string | number;
	Message?: string;
	/** More fields for the failed item's output (with Continue On Fail), e.g. the ActionID. */
	fields?: IDataObject;
	/** A transient failure (connection refused/reset, timeout, HTTP 429/502/503/504): worth resending. */
	retryable?: boolean;
}

/** What a judge makes of an answer: the accepted value, or why it was not accepted. */
export type Judgement<T> = { ok: true; value: T } | { ok: false; problem: VoicenterProblem };
