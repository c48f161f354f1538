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
	/**
	 * Epoch seconds, UTC. Over HTTP (Active Calls, the CDR) the simulator writes it on the account's
	 * wall clock, as Voicenter does (see accountClock.ts).
	 */
	callStarted: number;
	/** Epoch seconds, UTC; 0 while not answered. */
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
	/**
	 * Where to POST each ended call's CDR, as Voicenter does to the URL set in CPanel → Integrations →
	 * CDR Notification (see cdrNotification.ts). Unset, null or '': no CDR is sent (they are still
	 * built and listed). reset() goes back to this value.
	 */
	cdrNotificationUrl?: string | null;
	/**
	 * The pauses before each retry of a CDR that was not accepted: one retry per entry, then it gives
	 * up. Default [1000, 5000, 30000] (Voicenter retries but does not publish its schedule).
	 */
	cdrRetryDelaysMs?: number[];
	/**
	 * The account's IANA time zone, default 'Asia/Jerusalem'. Voicenter writes its times as epoch
	 * seconds on the account's wall clock, not in UTC (UTC + 2 h in an Israeli winter, + 3 h in
	 * summer): so does the simulator, in Active Calls' callStarted and callAnswered and in the CDR's
	 * time. Calls are still added and listed (addCall, calls()) with UTC epoch seconds.
	 */
	accountTimeZone?: string;
	/**
	 * A large contact centre: this many extensions (EXT00001, …) and live calls beside the seeded
	 * ones, kept through reset(). See scaledAccount.ts.
	 */
	scale?: { extensions: number; liveCalls: number };
}

/**
 * Voicenter's CDR notification: the record of an ended call, POSTed as JSON. Field names, casing
 * and value types as Voicenter's published integration guides show them; the seed document says
 * nothing about CDRs. No mute field: Voicenter's CDR has none.
 */
export interface VoicenterCdr {
	/** The phone number shown to the call's destination. */
	caller: string;
	/** The call's destination: a phone number (with the international prefix) or an extension's SIP ID. */
	target: string;
	/** When the call started: epoch seconds on the account's wall clock (its time zone), not UTC. */
	time: number;
	/** Seconds from start to end, ringing included. */
	duration: number;
	/** The call's ID: the live call's `ivrid`. */
	ivruniqueid: string;
	/** 'Incoming Call', 'Extension Outgoing', 'Click2Call leg2', 'Queue', … */
	type: string;
	/** ANSWER, NOANSWER, ABANDONE, BUSY, CANCEL, … */
	status: string;
	/** The number the customer dialled (incoming calls), else ''. */
	did: string;
	queueid: number;
	queuename: string;
	/** The recording's MP3 URL; '' when there is none. */
	record: string;
	/** Seconds of ringing before the answer. */
	dialtime: number;
	representative_name: string;
	representative_code: string;
	DepartmentID: number;
	DepartmentName: string;
	/** The extension's SIP ID. */
	extenUser: string;
	/** The customer's number. */
	callerPhone: string;
	/** 1 answered, 0 not. */
	isAnswer: number;
	/** Seconds from the answer to the end; 0 when never answered. */
	actualCallDuration: number;
	/** The first call's ID when this one was transferred from it, else ''. */
	OriginalIvrUniqueID: string;
	/** The IVR layers the call went through. */
	IVR: Array<{ layer_id: number; layer_name: string; layer_number: number; Dtmf: number; dtmf_order: number }>;
	/** Whatever the account attached to the call (Active Calls' `customdata`). */
	CustomData: Record<string, unknown>;
}

/** One POST of a CDR to the notification URL, as GET /__simulator/cdr-deliveries lists it. */
export interface CdrDelivery {
	ivrid: string;
	/** 1 for the first try of a sending, 2 for its first retry, … */
	attempt: number;
	/** True for a sending asked for through resendCdr (POST /__simulator/cdrs/<ivrid>/send). */
	resent: boolean;
	url: string;
	/** The receiver's HTTP status; null when no answer came (refused, reset, timed out). */
	status: number | null;
	/** The receiver's body: parsed JSON, else its text; null when no answer came. */
	answer: unknown;
	/** HTTP 2xx with {"Err":0} or {"err":0}: Voicenter's "received". */
	accepted: boolean;
	/** Why the attempt was not accepted. */
	error?: string;
	/** Epoch milliseconds. */
	sentAt: number;
}
