/** The shapes the simulator exposes to tests and to the control endpoints. */

export type Endpoint = 'MuteUnmuteCalls' | 'GetExtensionsCalls' | 'unknown';
export type ApiEndpoint = Exclude<Endpoint, 'unknown'>;

export interface RecordedRequest {
	method: string;
	/** Pathname as received, e.g. '/Comet/API/MuteUnmuteCalls'. */
	path: string;
	/** Raw request URL as received (path + query string, undecoded). */
	url: string;
	endpoint: Endpoint;
	/** Decoded query parameters; a repeated name keeps its last value. */
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** Parsed JSON body, or undefined when there is none or it is not JSON. */
	body: unknown;
	/** The fields the handler used: the JSON body for POST, the query for GET. */
	params: Record<string, unknown>;
	receivedAt: number;
}

/** Incoming and Outgoing; Voicenter's real-time feed also says Click2Call and Spy. */
export type CallDirection = string;

export interface SimulatedCall {
	ivrid: string;
	/** The extension's SIP ID (GetExtensionsCalls' `username`). */
	extension: string;
	isMuted: boolean;
	callerPhone: string;
	/** Voicenter's `callername`; empty when it has no name for the caller. */
	callerName: string;
	/** The number the customer dialled (`did`): incoming calls only. */
	did: string;
	/** Voicenter's `customdata`: whatever the account attached to the call. */
	customData: Record<string, unknown>;
	direction: CallDirection;
	/** Ringing, Dialing, Talking or Hold. */
	status: string;
	/** Epoch seconds. */
	callStarted: number;
	/** Epoch seconds; 0 while not answered. */
	callAnswered: number;
}

/** An extension as GetExtensionsCalls describes it, without its calls. */
export interface ExtensionProfile {
	name: string;
	/** The SIP ID: what MuteUnmuteCalls calls `extension`. */
	username: string;
	/** Voicenter's numeric ID of the extension. */
	extensionID: number;
	userID: number;
	representative: string;
	onlineUserID: number;
	onlineUserStatus: number;
}

export type WrongTokenAnswer = 'emptyList' | 'authorizationFailed';

export interface SimulatorOptions {
	/** Default '127.0.0.1'. The server binds to this address only. */
	host?: string;
	/** Default 0: a free port. */
	port?: number;
	/** The organisation API token GetExtensionsCalls expects as `code`. Default 'sim-token'. */
	token?: string;
	/** Answer success with ErrorCode 200 (number) instead of "200" (string). */
	errorCodeAsNumber?: boolean;
	/**
	 * How GetExtensionsCalls answers a wrong token; Voicenter's material shows both: an empty list
	 * (the default) or ERR 1 "Authorization failed.".
	 */
	wrongTokenAnswer?: WrongTokenAnswer;
	/** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP; see localCertificates.ts. */
	tls?: { key: string | Buffer; cert: string | Buffer };
}
