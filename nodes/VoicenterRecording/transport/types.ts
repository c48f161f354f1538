export type VoicenterEndpoint = 'MuteUnmuteCalls';

export type RequestMethod = 'POST' | 'GET';

export interface VoicenterRequest {
	endpoint: VoicenterEndpoint;
	method: RequestMethod;
	/** Sent as the JSON body (POST) or the query string (GET). */
	fields: Record<string, string>;
	/** Milliseconds before the request is abandoned. */
	timeout: number;
	/** What the request does, for messages, e.g. `Mute of extension "101"`. */
	subject: string;
}

/** Why a request did not succeed, before it is worded as an n8n error. */
export interface VoicenterProblem {
	reason: string;
	hint: string;
	httpCode?: number;
	/** Voicenter's own ErrorCode and Message, when its answer was readable. */
	ErrorCode?: string | number;
	Message?: string;
}
