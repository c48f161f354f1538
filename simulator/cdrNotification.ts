import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { accountClockSeconds } from './accountClock';
import { isPlainObject, parseJson } from './http';
import type { CdrDelivery, ExtensionProfile, SimulatedCall, VoicenterCdr } from './types';

/**
 * Voicenter's CDR notification: after a call ends Voicenter POSTs its record (CDR) as JSON to the
 * URL the account sets in CPanel → Integrations → CDR Notification, unsigned, and expects
 * {"Err":0,"Errdesc":"OK"} at once (one SDK writes {"err":0,"errdesc":"OK"}); without it, it
 * retries. Field names, casing and types follow Voicenter's published integration guides (the
 * seed document says nothing about CDRs). What the guides leave open is marked "simulator's
 * choice" below.
 */

/**
 * Voicenter retries an unaccepted CDR but publishes no schedule: simulator's choice, three
 * retries, a second, five seconds and half a minute after the attempt before.
 */
export const DEFAULT_CDR_RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 30000];

/** Simulator's choice: how long an attempt waits for the receiver's answer before it counts as failed. */
const ANSWER_TIMEOUT_MS = 5000;
/** Keeps at most this much of a receiver's answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Simulator's choice: the number the account shows when it calls out (Voicenter puts it in
 * `caller` of an outgoing call); the seeded calls' DID.
 */
const ACCOUNT_CALLER_ID = '0732557000';
/** Simulator's choice: the one department of the simulated account. */
const DEPARTMENT_ID = 4101;
const DEPARTMENT_NAME = 'Simulated account';

export interface CdrContext {
	/** When the call ended, epoch seconds (UTC). */
	endedAt: number;
	/** The account's IANA time zone, on whose wall clock Voicenter writes `time`. */
	accountTimeZone: string;
	/** The call's extension, for the representative's name and code. */
	profile: ExtensionProfile | undefined;
	/** Where the simulator serves the call's recording (used only when the call was answered). */
	recordingUrl: string;
}

/** The CDR Voicenter would send for this call, ended at `endedAt`. */
export function buildCdr(call: SimulatedCall, { endedAt, accountTimeZone, profile, recordingUrl }: CdrContext): VoicenterCdr {
	const answered = call.callAnswered > 0;
	const duration = Math.max(0, endedAt - call.callStarted);
	// Ringing until the answer; an unanswered call rang all along (simulator's choice).
	const dialtime = answered ? Math.max(0, call.callAnswered - call.callStarted) : duration;
	const outward = isOutward(call.direction);
	return {
		caller: outward ? ACCOUNT_CALLER_ID : call.callerPhone,
		// Voicenter: "a phone number or the extension SIP code; a phone number is sent with the
		// international country prefix".
		target: outward ? withCountryPrefix(call.callerPhone) : call.extension,
		// Voicenter's guides: epoch seconds in the account's time zone, i.e. the UTC seconds plus the
		// zone's offset then (Israel: +2 h in winter, +3 h in summer), the same clock as Active Calls'
		// callStarted; not UTC. The durations are differences, the same on any clock.
		time: accountClockSeconds(call.callStarted, accountTimeZone),
		duration,
		ivruniqueid: call.ivrid,
		type: cdrType(call.direction),
		status: answered ? 'ANSWER' : 'NOANSWER',
		did: call.did,
		// No queues, transfers or IVR menus are simulated: the values Voicenter's guides show for a
		// call that went through none.
		queueid: 0,
		queuename: '',
		// No recording of a call nobody answered (simulator's choice).
		record: answered ? recordingUrl : '',
		dialtime,
		representative_name: profile?.representative ?? '',
		// Voicenter: "the agent's user ID", as a string.
		representative_code: profile === undefined ? '' : String(profile.userID),
		DepartmentID: DEPARTMENT_ID,
		DepartmentName: DEPARTMENT_NAME,
		extenUser: call.extension,
		callerPhone: call.callerPhone,
		isAnswer: answered ? 1 : 0,
		actualCallDuration: answered ? Math.max(0, endedAt - call.callAnswered) : 0,
		OriginalIvrUniqueID: '',
		IVR: [],
		CustomData: { ...call.customData },
	};
}

/** Outgoing calls and Click2Call reach the customer from the account. */
function isOutward(direction: string): boolean {
	const lower = direction.toLowerCase();
	return lower === 'outgoing' || lower === 'click2call';
}

/** Voicenter's CDR types; a direction without a known type is passed on as it is (simulator's choice). */
function cdrType(direction: string): string {
	switch (direction.toLowerCase()) {
		case 'incoming':
			return 'Incoming Call';
		case 'outgoing':
			return 'Extension Outgoing';
		case 'click2call':
			// Leg 2 is the customer's leg, the one with the recording.
			return 'Click2Call leg2';
		default:
			return direction;
	}
}

/** An Israeli national number (0 and 8–9 digits) in international form; anything else as it is. */
function withCountryPrefix(phone: string): string {
	return /^0\d{8,9}$/.test(phone) ? `972${phone.slice(1)}` : phone;
}

/** null for "off" (null, undefined or ''); an http(s) URL otherwise; throws for anything else. */
export function parseCdrNotificationUrl(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const problem = 'cdrNotificationUrl must be an http(s) URL, null or ""';
	if (typeof value !== 'string') throw new Error(problem);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(problem);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(problem);
	return value;
}

export function parseCdrRetryDelays(value: unknown): number[] {
	if (!Array.isArray(value) || !value.every((ms) => Number.isInteger(ms) && ms >= 0)) {
		throw new Error('cdrRetryDelaysMs must be an array of whole milliseconds (0 or more)');
	}
	return [...(value as number[])];
}

/** Why an answer is not Voicenter's "received", or undefined when it is: HTTP 2xx and Err (or err) 0. */
export function refusalOf(status: number, answer: unknown): string | undefined {
	if (status < 200 || status > 299) return `HTTP ${status}`;
	if (!isPlainObject(answer)) return 'the answer is not a JSON object';
	const err = 'Err' in answer ? answer.Err : answer.err;
	if (err !== 0) return `the answer's Err is ${JSON.stringify(err) ?? 'missing'}, not 0`;
	return undefined;
}

interface PostResult {
	status: number | null;
	text: string | null;
	error?: string;
}

/**
 * Keeps the CDR of every ended call and POSTs it to the notification URL in the background,
 * retrying as Voicenter does. Never throws or rejects because of the receiver.
 */
export class CdrNotifier {
	/** Every attempt since the last reset, in the order their answers came. */
	readonly deliveries: CdrDelivery[] = [];

	private readonly records = new Map<string, VoicenterCdr>();
	private url: string | null;
	private retryDelaysMs: number[];
	private readonly pauses = new Map<NodeJS.Timeout, () => void>();
	private readonly inFlight = new Set<ClientRequest>();
	private readonly sendings = new Set<Promise<void>>();
	/** Bumped by reset and close: a sending from before stops and records nothing more. */
	private generation = 0;

	constructor(private readonly initial: { url: string | null; retryDelaysMs: number[] }) {
		this.url = initial.url;
		this.retryDelaysMs = [...initial.retryDelaysMs];
	}

	get notificationUrl(): string | null {
		return this.url;
	}

	setUrl(url: string | null): void {
		this.url = url;
	}

	setRetryDelays(delaysMs: number[]): void {
		this.retryDelaysMs = [...delaysMs];
	}

	cdrs(): VoicenterCdr[] {
		return [...this.records.values()].map((cdr) => structuredClone(cdr));
	}

	cdr(ivrid: string): VoicenterCdr | undefined {
		const found = this.records.get(ivrid);
		return found === undefined ? undefined : structuredClone(found);
	}

	/** Keeps an ended call's CDR (a later call with the same ID replaces it) and sends it when a URL is set. */
	callEnded(cdr: VoicenterCdr): void {
		this.records.set(cdr.ivruniqueid, cdr);
		if (this.url !== null) void this.send(cdr, this.url, false);
	}

	/**
	 * Sends a kept CDR again, byte for byte, with the same retries; resolves with its first attempt.
	 * Throws when there is no such CDR or no URL.
	 */
	resend(ivrid: string): Promise<CdrDelivery> {
		const cdr = this.records.get(ivrid);
		if (cdr === undefined) throw new Error(`no CDR for ivrid "${ivrid}"`);
		if (this.url === null) throw new Error('no cdrNotificationUrl is set');
		return this.send(cdr, this.url, true);
	}

	/** Resolves once every sending has ended: accepted, given up, or stopped by reset or close. */
	async settled(): Promise<void> {
		while (this.sendings.size > 0) await Promise.all([...this.sendings]);
	}

	/** No CDRs, no attempts, nothing pending; the URL and retry delays as constructed. */
	reset(): void {
		this.stopSendings();
		this.records.clear();
		this.deliveries.length = 0;
		this.url = this.initial.url;
		this.retryDelaysMs = [...this.initial.retryDelaysMs];
	}

	/** Stops pending retries and open POSTs. */
	close(): void {
		this.stopSendings();
	}

	private stopSendings(): void {
		this.generation++;
		for (const [timer, wake] of this.pauses) {
			clearTimeout(timer);
			wake();
		}
		this.pauses.clear();
		for (const request of this.inFlight) request.destroy();
		this.inFlight.clear();
	}

	/** One sending: the first attempt, then a retry after each delay until one is accepted. */
	private send(cdr: VoicenterCdr, url: string, resent: boolean): Promise<CdrDelivery> {
		const generation = this.generation;
		const body = JSON.stringify(cdr);
		const delays = [...this.retryDelaysMs];
		let reportFirst: (delivery: CdrDelivery) => void = () => undefined;
		const first = new Promise<CdrDelivery>((resolve) => (reportFirst = resolve));
		const sending = (async () => {
			for (let attempt = 1; ; attempt++) {
				const delivery = await this.attempt(cdr.ivruniqueid, url, body, attempt, resent);
				if (attempt === 1) reportFirst(delivery);
				if (generation !== this.generation) return;
				this.deliveries.push(delivery);
				if (delivery.accepted || attempt > delays.length) return;
				await this.pause(delays[attempt - 1]);
				if (generation !== this.generation) return;
			}
		})()
			.catch((error: Error) => console.error(`Voicenter simulator: CDR sending failed: ${error.message}`))
			.finally(() => this.sendings.delete(sending));
		this.sendings.add(sending);
		return first;
	}

	private async attempt(ivrid: string, url: string, body: string, attempt: number, resent: boolean): Promise<CdrDelivery> {
		const sentAt = Date.now();
		const { status, text, error } = await this.post(url, body);
		const parsed = text === null ? undefined : parseJson(text);
		const answer = text === null ? null : parsed?.ok ? parsed.value : text;
		const refusal = error ?? (status === null ? 'no answer' : refusalOf(status, answer));
		return {
			ivrid,
			attempt,
			resent,
			url,
			status,
			answer,
			accepted: refusal === undefined,
			...(refusal === undefined ? {} : { error: refusal }),
			sentAt,
		};
	}

	/** Resolves after `ms`, or at once when reset or close stops the sendings. */
	private pause(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pauses.delete(timer);
				resolve();
			}, ms);
			this.pauses.set(timer, resolve);
		});
	}

	/** One POST with a JSON body; always resolves. */
	private post(url: string, body: string): Promise<PostResult> {
		return new Promise((resolve) => {
			let request: ClientRequest | undefined;
			let done = false;
			const finish = (result: PostResult) => {
				if (done) return;
				done = true;
				if (request !== undefined) this.inFlight.delete(request);
				resolve(result);
			};
			const onAnswer = (response: IncomingMessage) => {
				const status = response.statusCode ?? null;
				const chunks: Buffer[] = [];
				let size = 0;
				response.on('data', (chunk: Buffer) => {
					if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
					size += chunk.length;
				});
				response.on('end', () => finish({ status, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES) }));
				response.on('error', (error: Error) => finish({ status, text: null, error: error.message }));
				response.on('close', () => finish({ status, text: null, error: 'the connection closed before the answer ended' }));
			};
			try {
				const target = new URL(url);
				const open = target.protocol === 'https:' ? httpsRequest : httpRequest;
				request = open(
					target,
					{
						method: 'POST',
						// A connection of its own, closed after the answer: nothing lingers after close().
						agent: false,
						headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
						timeout: ANSWER_TIMEOUT_MS,
					},
					onAnswer,
				);
			} catch (error) {
				finish({ status: null, text: null, error: (error as Error).message });
				return;
			}
			const sent = request;
			this.inFlight.add(sent);
			sent.on('timeout', () => sent.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
			sent.on('error', (error: Error) => finish({ status: null, text: null, error: error.message }));
			sent.on('close', () => finish({ status: null, text: null, error: 'the connection closed without an answer' }));
			sent.end(body);
		});
	}
}
