import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { parseAccountTimeZone } from './accountClock';
import { CallStore } from './callStore';
import {
	buildCdr,
	CdrNotifier,
	DEFAULT_CDR_RETRY_DELAYS_MS,
	parseCdrNotificationUrl,
	parseCdrRetryDelays,
} from './cdrNotification';
import { handleControlRequest } from './controlApi';
import { parseMuteBehaviour, type MuteBehaviour } from './muteBehaviour';
import { respondWithFault } from './faultResponses';
import { FaultBook, parseFaultRule, type FaultRule } from './faults';
import { getExtensionsCalls, invalidRequestFormat } from './getExtensionsCalls';
import {
	BodyTooLargeError,
	errorPage,
	isPlainObject,
	parseJson,
	readBody,
	sendHtml,
	sendJson,
	splitUrl,
} from './http';
import { invalidParameters, muteUnmuteCalls } from './muteUnmuteCalls';
import { sendRecording } from './recordings';
import { isControlPath, matchEndpoint, recordingIvrid } from './routes';
import type {
	ApiEndpoint,
	CdrDelivery,
	Endpoint,
	ExtensionProfile,
	RecordedRequest,
	SimulatedCall,
	SimulatorOptions,
	VoicenterCdr,
	WrongTokenAnswer,
} from './types';

export type { Fault, FaultRule } from './faults';
export type { MuteBehaviour } from './muteBehaviour';
export type {
	ApiEndpoint,
	CallDirection,
	CdrDelivery,
	Endpoint,
	ExtensionProfile,
	RecordedRequest,
	SimulatedCall,
	SimulatorOptions,
	VoicenterCdr,
	WrongTokenAnswer,
} from './types';
export { DEFAULT_ACCOUNT_TIME_ZONE } from './accountClock';
export { DEFAULT_CDR_RETRY_DELAYS_MS } from './cdrNotification';
export { PLACEHOLDER_MP3 } from './recordings';
export { SEED_EXTENSIONS, SEED_IVRIDS } from './seed';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_TOKEN = 'sim-token';
const KEEP_ALIVE_TIMEOUT_MS = 75_000;

interface RequestParams {
	body: unknown;
	params: Record<string, unknown>;
	/** Why the POST body could not be used, when it could not. */
	bodyProblem?: string;
}

/**
 * A local Voicenter: MuteUnmuteCalls and GetExtensionsCalls over real HTTP or HTTPS, with faults;
 * after a call ends, its CDR (cdrNotification.ts) and its recording's URL.
 */
export class VoicenterSimulator {
	readonly token: string;
	/**
	 * The account's IANA time zone: Active Calls' callStarted/callAnswered and the CDR's time are
	 * written on its wall clock, as Voicenter writes them (calls keep UTC seconds inside).
	 */
	readonly accountTimeZone: string;
	readonly requests: RecordedRequest[] = [];
	readonly issuedActionIds: string[] = [];

	private readonly server: Server;
	private readonly scheme: 'http' | 'https';
	private readonly store: CallStore;
	private readonly faults = new FaultBook();
	private readonly cdrNotifier: CdrNotifier;
	private readonly sockets = new Set<Socket>();
	private readonly delayTimers = new Set<NodeJS.Timeout>();
	/** Mutes scheduled by a 'late' behaviour: dropped on reset, so they never touch reseeded calls. */
	private readonly lateMutes = new Set<NodeJS.Timeout>();
	private readonly initialErrorCodeAsNumber: boolean;
	private errorCodeAsNumber: boolean;
	private readonly initialWrongTokenAnswer: WrongTokenAnswer;
	private wrongTokenAnswer: WrongTokenAnswer;
	private muteBehaviour: MuteBehaviour = { kind: 'immediate' };
	private boundPort = 0;
	private inFlight = 0;
	private peakInFlightCount = 0;
	private closing: Promise<void> | undefined;

	private constructor(
		private readonly host: string,
		options: SimulatorOptions,
	) {
		this.token = options.token ?? DEFAULT_TOKEN;
		this.store = new CallStore(options.scale);
		this.accountTimeZone = parseAccountTimeZone(options.accountTimeZone);
		this.initialErrorCodeAsNumber = options.errorCodeAsNumber ?? false;
		this.errorCodeAsNumber = this.initialErrorCodeAsNumber;
		this.initialWrongTokenAnswer = options.wrongTokenAnswer ?? 'emptyList';
		this.wrongTokenAnswer = this.initialWrongTokenAnswer;
		this.cdrNotifier = new CdrNotifier({
			url: parseCdrNotificationUrl(options.cdrNotificationUrl),
			retryDelaysMs: parseCdrRetryDelays(options.cdrRetryDelaysMs ?? DEFAULT_CDR_RETRY_DELAYS_MS),
		});
		const onRequest = (request: IncomingMessage, response: ServerResponse) => this.onRequest(request, response);
		this.scheme = options.tls === undefined ? 'http' : 'https';
		this.server = options.tls === undefined ? createServer(onRequest) : createHttpsServer(options.tls, onRequest);
		// nginx's default: a client's kept-open connection outlives a pause of a few seconds.
		this.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	static async start(options: SimulatorOptions = {}): Promise<VoicenterSimulator> {
		const simulator = new VoicenterSimulator(options.host ?? DEFAULT_HOST, options);
		await simulator.listen(options.port ?? 0);
		return simulator;
	}

	get port(): number {
		return this.boundPort;
	}

	get origin(): string {
		const host = this.host.includes(':') ? `[${this.host}]` : this.host;
		return `${this.scheme}://${host}:${this.boundPort}`;
	}

	/** What a credential's Server URL would hold. */
	get baseUrl(): string {
		return `${this.origin}/Comet/API`;
	}

	requestsTo(endpoint: Endpoint): RecordedRequest[] {
		return this.requests.filter((request) => request.endpoint === endpoint);
	}

	/** Rules apply in order; a rule with `times` is removed once used up. */
	injectFault(rule: FaultRule): void {
		this.faults.inject(parseFaultRule(rule));
	}

	clearFaults(): void {
		this.faults.clear();
	}

	/** How accepted mute requests reach the calls (see muteBehaviour.ts); reset() restores 'immediate'. */
	setMuteBehaviour(behaviour: MuteBehaviour): void {
		this.muteBehaviour = parseMuteBehaviour(behaviour);
	}

	setErrorCodeAsNumber(value: boolean): void {
		this.errorCodeAsNumber = value;
	}

	setWrongTokenAnswer(value: WrongTokenAnswer): void {
		this.wrongTokenAnswer = value;
	}

	/**
	 * Seed data back; requests, action IDs, faults, CDRs and CDR deliveries cleared (pending CDR
	 * retries dropped); errorCodeAsNumber, wrongTokenAnswer, cdrNotificationUrl and cdrRetryDelaysMs
	 * as started (a URL set later through setCdrNotificationUrl or the options endpoint is dropped).
	 */
	reset(): void {
		this.store.loadSeed();
		this.requests.length = 0;
		this.issuedActionIds.length = 0;
		this.faults.clear();
		this.errorCodeAsNumber = this.initialErrorCodeAsNumber;
		this.wrongTokenAnswer = this.initialWrongTokenAnswer;
		this.muteBehaviour = { kind: 'immediate' };
		this.dropLateMutes();
		this.cdrNotifier.reset();
		this.peakInFlightCount = this.inFlight;
	}

	/** The most Voicenter API requests open at the same moment since the last reset. */
	get peakInFlight(): number {
		return this.peakInFlightCount;
	}

	calls(): SimulatedCall[] {
		return this.store.calls();
	}

	callsOf(extension: string): SimulatedCall[] {
		return this.store.callsOf(extension);
	}

	call(ivrid: string): SimulatedCall | undefined {
		return this.store.call(ivrid);
	}

	/**
	 * A new extension, without calls, until reset() (which restores the seeded ones only); throws for
	 * a SIP ID already there. Fields left out get defaults (see CallStore.addExtension).
	 */
	addExtension(profile: Partial<ExtensionProfile> & { username: string }): ExtensionProfile {
		return this.store.addExtension(profile);
	}

	/** A new live call on a known extension; throws for an unknown one. */
	addCall(extension: string, partial?: Partial<SimulatedCall>): SimulatedCall {
		return this.store.addCall(extension, partial);
	}

	/**
	 * Ends a live call (an unknown ID is ignored) and keeps its CDR; when a CDR notification URL is
	 * set, POSTs the CDR there in the background. `endedAt` (UTC epoch seconds, default now) lets a
	 * test fix the CDR's durations.
	 */
	endCall(ivrid: string, endedAt: number = Math.floor(Date.now() / 1000)): void {
		const call = this.store.call(ivrid);
		if (call === undefined || !this.store.endCall(ivrid)) return;
		const profile = this.store.extensionProfiles().find((extension) => extension.username === call.extension);
		this.cdrNotifier.callEnded(
			buildCdr(call, { endedAt, accountTimeZone: this.accountTimeZone, profile, recordingUrl: this.recordingUrl(ivrid) }),
		);
	}

	/** Where the simulator serves an ended call's recording (a placeholder MP3, see recordings.ts). */
	recordingUrl(ivrid: string): string {
		return `${this.origin}/recordings/${encodeURIComponent(ivrid)}.mp3`;
	}

	/** Where CDRs go; null when they are not sent. */
	get cdrNotificationUrl(): string | null {
		return this.cdrNotifier.notificationUrl;
	}

	/** Where to POST the CDRs of calls that end from now on; null or '' turns sending off. */
	setCdrNotificationUrl(url: string | null): void {
		this.cdrNotifier.setUrl(parseCdrNotificationUrl(url));
	}

	/** The pauses before the retries of a CDR not accepted (sendings that start from now on). */
	setCdrRetryDelays(delaysMs: number[]): void {
		this.cdrNotifier.setRetryDelays(parseCdrRetryDelays(delaysMs));
	}

	/** The CDRs of the calls ended since the last reset, sent or not. */
	cdrs(): VoicenterCdr[] {
		return this.cdrNotifier.cdrs();
	}

	cdr(ivrid: string): VoicenterCdr | undefined {
		return this.cdrNotifier.cdr(ivrid);
	}

	/** Every POST of a CDR since the last reset (these are outgoing: never in `requests`). */
	get cdrDeliveries(): CdrDelivery[] {
		return this.cdrNotifier.deliveries;
	}

	/**
	 * Sends an ended call's CDR again, as Voicenter's retries do (same body; retried like the
	 * first); resolves with the first attempt. Throws for an unknown call or when no URL is set.
	 */
	resendCdr(ivrid: string): Promise<CdrDelivery> {
		return this.cdrNotifier.resend(ivrid);
	}

	/** Resolves once no CDR sending is under way (each accepted, given up, or stopped by reset). */
	cdrSendingsSettled(): Promise<void> {
		return this.cdrNotifier.settled();
	}

	/** Sets a live call's recording state directly, e.g. to start a test from a muted call. */
	setMuted(ivrid: string, muted: boolean): void {
		if (!this.store.setMutedOnCall(ivrid, muted)) throw new Error(`No live call "${ivrid}"`);
	}

	/** Stops the server, destroying open sockets (keep-alive, hung requests) so nothing waits. */
	close(): Promise<void> {
		this.closing ??= new Promise((resolve) => {
			for (const timer of this.delayTimers) clearTimeout(timer);
			this.delayTimers.clear();
			this.dropLateMutes();
			this.cdrNotifier.close();
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
		return this.closing;
	}

	private listen(port: number): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, this.host, () => {
				this.server.off('error', reject);
				this.boundPort = (this.server.address() as AddressInfo).port;
				resolve();
			});
		});
	}

	private onRequest(request: IncomingMessage, response: ServerResponse): void {
		this.handle(request, response).catch((error: Error) => {
			if (error instanceof BodyTooLargeError) {
				sendHtml(response, 413, errorPage(413, 'Request Entity Too Large'));
				return;
			}
			console.error(`Voicenter simulator: ${error.message}`);
			sendHtml(response, 500, errorPage(500, 'Internal Server Error'));
		});
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = request.method ?? 'GET';
		const url = request.url ?? '/';
		const { path, query } = splitUrl(url);
		const rawBody = await readBody(request);

		if (isControlPath(path)) {
			handleControlRequest(this, method, path, rawBody, response);
			return;
		}
		// The simulator's own recordings, not a Voicenter API: never recorded as requests.
		const recording = recordingIvrid(path);
		if (recording !== undefined) {
			sendRecording(response, method, recording === null ? undefined : this.cdrNotifier.cdr(recording));
			return;
		}

		const endpoint = matchEndpoint(path);
		const { body, params, bodyProblem } = readParams(method, query, rawBody);
		this.requests.push({
			method,
			path,
			url,
			endpoint,
			query,
			headers: { ...request.headers },
			rawBody,
			body,
			params,
			receivedAt: Date.now(),
		});
		this.inFlight++;
		this.peakInFlightCount = Math.max(this.peakInFlightCount, this.inFlight);
		response.on('close', () => this.inFlight--);

		if (endpoint === 'unknown') {
			sendHtml(response, 404, errorPage(404, 'Not Found'));
			return;
		}

		const fault = this.faults.take(endpoint, typeof params.ivrid === 'string' ? params.ivrid : undefined);
		if (fault !== undefined && fault.kind !== 'delay' && fault.kind !== 'slowAnswer') {
			respondWithFault(fault, endpoint, request, response);
			return;
		}
		if (fault?.kind === 'delay') await this.sleep(fault.ms);

		const send = this.answer(endpoint, method, params, bodyProblem);
		// Handled now (a mute applied, the calls read), told later.
		if (fault?.kind === 'slowAnswer') await this.sleep(fault.ms);
		send(response);
	}

	/** Handles an API request now; the returned function sends its answer. */
	private answer(
		endpoint: ApiEndpoint,
		method: string,
		params: Record<string, unknown>,
		bodyProblem: string | undefined,
	): (response: ServerResponse) => void {
		if (method !== 'GET' && method !== 'POST') {
			return (response) => sendHtml(response, 405, errorPage(405, 'Method Not Allowed'));
		}
		// Voicenter answers HTTP 200 for its own errors too: the body's code decides.
		if (endpoint === 'MuteUnmuteCalls') {
			const reply =
				bodyProblem !== undefined
					? invalidParameters(bodyProblem)
					: muteUnmuteCalls(params, {
							store: this.store,
							errorCodeAsNumber: this.errorCodeAsNumber,
							issueActionId: () => this.issueActionId(),
							applyState: (ivrids, muted) => this.applyState(ivrids, muted),
						});
			return (response) => sendJson(response, 200, reply);
		}
		const reply =
			bodyProblem !== undefined
				? invalidRequestFormat(bodyProblem)
				: getExtensionsCalls(params, this.store, this.token, this.wrongTokenAnswer, this.accountTimeZone);
		return (response) => sendJson(response, 200, reply);
	}

	private issueActionId(): string {
		const actionId = randomBytes(16).toString('hex');
		this.issuedActionIds.push(actionId);
		return actionId;
	}

	private dropLateMutes(): void {
		for (const timer of this.lateMutes) clearTimeout(timer);
		this.lateMutes.clear();
	}

	private applyState(ivrids: string[], muted: boolean): void {
		const behaviour = this.muteBehaviour;
		if (behaviour.kind === 'never') return;
		const state = behaviour.kind === 'inverted' ? !muted : muted;
		// A call that ended meanwhile is simply skipped.
		const apply = () => ivrids.forEach((ivrid) => this.store.setMutedOnCall(ivrid, state));
		if (behaviour.kind !== 'late') return apply();
		const timer = setTimeout(() => {
			this.lateMutes.delete(timer);
			apply();
		}, behaviour.ms);
		this.lateMutes.add(timer);
	}

	/** Resolves after `ms`, or never when the simulator closes first. */
	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.delayTimers.delete(timer);
				resolve();
			}, ms);
			this.delayTimers.add(timer);
		});
	}
}

export function startSimulator(options?: SimulatorOptions): Promise<VoicenterSimulator> {
	return VoicenterSimulator.start(options);
}

/** GET reads the query; POST reads only the JSON body (an empty body carries no fields). */
function readParams(method: string, query: Record<string, string>, rawBody: string): RequestParams {
	const parsed = rawBody.trim() === '' ? undefined : parseJson(rawBody);
	const body = parsed?.ok ? parsed.value : undefined;
	if (method !== 'POST') {
		return { body, params: { ...query } };
	}
	if (parsed === undefined) {
		return { body, params: {} };
	}
	if (!parsed.ok) {
		return { body, params: {}, bodyProblem: 'body is not JSON' };
	}
	if (!isPlainObject(parsed.value)) {
		return { body, params: {}, bodyProblem: 'body must be a JSON object' };
	}
	return { body, params: { ...parsed.value } };
}
