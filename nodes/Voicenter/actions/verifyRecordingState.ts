import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readActiveCalls, requireApiToken, type VoicenterAccount } from '../transport';
import type { ActiveCall, VoicenterProblem } from '../transport/types';
import { voicenterError } from '../transport/voicenterError';

/**
 * Voicenter asks callers not to poll Active Calls fast: Verify starts a read at most once a
 * second, the read's own time included (a distant Voicenter's read takes a few round trips).
 */
export const VERIFY_POLL_MS = 1000;

/**
 * - `readFirst`: read the affected calls, then send the request. Each call's `alreadyInState` is
 *   known, and the request waits for the read.
 * - `atOnce`: send the request and that read together: the request reaches Voicenter a whole
 *   request sooner (over HTTPS, a new connection and the read), and the read may already show
 *   the request's effect, so `alreadyInState` is not reported.
 * Either way a call is only reported in the requested state once a read sent after Voicenter
 * accepted the request shows it.
 */
export type VerifyOrder = 'readFirst' | 'atOnce';

export interface VerifyTarget {
	account: VoicenterAccount;
	target: 'extension' | 'callId';
	value: string;
	wantMuted: boolean;
	timeout: number;
	maxAttempts: number;
	verifyTimeout: number;
	order: VerifyOrder;
	/** e.g. `Mute of extension "101"`. */
	subject: string;
}

/** The affected calls' recording state when the request was sent: ivrid → muted, and where to read them again. */
interface StateBefore {
	muted: Map<string, boolean>;
	extension: string | undefined;
}

export interface VerifiedCall {
	ivrid: string;
	isMuted: boolean;
	/** Only when the calls were read before the request was sent. */
	alreadyInState?: boolean;
}

/** What a request answered: Voicenter's accepted answer and the attempts it took. */
export interface SentRequest {
	value: IDataObject & { ActionID: string };
	attempts: number;
}

const readSubject = (check: VerifyTarget) => `${check.subject}: reading Active Calls to verify it`;

async function readCalls(context: IExecuteFunctions, extension: string | undefined, check: VerifyTarget, itemIndex: number) {
	const extensions = await readActiveCalls(
		context,
		check.account,
		{ extension, timeout: check.timeout, maxAttempts: check.maxAttempts, subject: readSubject(check) },
		itemIndex,
	);
	return extensions.flatMap((entry) => entry.calls);
}

/** Reads the calls the request affects. */
async function stateBefore(context: IExecuteFunctions, check: VerifyTarget, itemIndex: number): Promise<StateBefore> {
	const byExtension = check.target === 'extension';
	const calls = await readCalls(context, byExtension ? check.value : undefined, check, itemIndex);
	const affected = byExtension ? calls : calls.filter((call) => call.ivrid === check.value);
	return {
		muted: new Map(affected.map((call) => [call.ivrid, call.isMuted])),
		extension: byExtension ? check.value : affected[0]?.extension,
	};
}

function describeCalls(ivrids: string[]): string {
	return ivrids.length === 1 ? `call ${ivrids[0]}` : `calls ${ivrids.join(', ')}`;
}

/** What an item reports of a sent request: Voicenter's answer and the attempts it took. */
export const sentOutcome = (sent: SentRequest): IDataObject => ({ ...sent.value, attempts: sent.attempts });

const couldNotRead = (error: unknown) => `the calls could not be read: ${(error as Error).message}`;

/** Throws the error of a request Voicenter accepted but whose outcome could not be confirmed. */
function failVerify(context: IExecuteFunctions, check: VerifyTarget, itemIndex: number, outcome: IDataObject, reason: string, calls: VerifiedCall[]): never {
	const problem: VoicenterProblem = {
		reason: `Voicenter accepted it (ActionID ${String(outcome.ActionID)}) but ${reason}`,
		hint: check.wantMuted
			? 'Treat the call as STILL RECORDING: the mute could not be confirmed.'
			: 'Treat the call as still muted: the unmute could not be confirmed.',
		fields: { ...outcome, verified: false, reason, calls },
	};
	throw voicenterError(context.getNode(), `${check.subject} (verify)`, itemIndex, problem);
}

/**
 * A read after Voicenter accepted the request: its failure is the request's unconfirmed outcome
 * (ActionID, "treat the call as still recording"), never the read's own words, which are about a
 * read that changed nothing ("Nothing was muted or unmuted").
 */
async function readAfterSend(
	context: IExecuteFunctions,
	extension: string | undefined,
	check: VerifyTarget,
	itemIndex: number,
	outcome: IDataObject,
): Promise<ActiveCall[]> {
	try {
		return await readCalls(context, extension, check, itemIndex);
	} catch (error) {
		return failVerify(context, check, itemIndex, outcome, couldNotRead(error), []);
	}
}

/**
 * Reads Active Calls until every affected call shows the requested state, or fails: the deadline
 * passed, a call ended, or there was no call to verify. A server that reads `state` the other way
 * round is caught here instead of silently recording. The first read goes out as soon as
 * Voicenter has accepted the request.
 */
async function verifyState(
	context: IExecuteFunctions,
	check: VerifyTarget,
	before: StateBefore,
	itemIndex: number,
	outcome: IDataObject,
): Promise<{ verified: true; alreadyInState?: boolean; calls: VerifiedCall[] }> {
	const wanted = check.wantMuted ? 'muted' : 'recording';
	// Only a read that certainly came before the request tells what each call was before it.
	const readFirst = check.order === 'readFirst';
	const expected = [...before.muted.keys()];
	const fail = (reason: string, calls: VerifiedCall[]): never => failVerify(context, check, itemIndex, outcome, reason, calls);
	if (expected.length === 0) {
		fail(
			check.target === 'extension'
				? `extension "${check.value}" had no live call when the request was sent, so nothing was verified`
				: `call ${check.value} was not live when the request was sent`,
			[],
		);
	}

	const deadline = Date.now() + check.verifyTimeout;
	for (;;) {
		const readStarted = Date.now();
		const live = new Map<string, ActiveCall>(
			(await readAfterSend(context, before.extension, check, itemIndex, outcome)).map((call) => [call.ivrid, call]),
		);
		const calls: VerifiedCall[] = expected
			.filter((ivrid) => live.has(ivrid))
			.map((ivrid) => ({
				ivrid,
				isMuted: live.get(ivrid)!.isMuted,
				...(readFirst ? { alreadyInState: before.muted.get(ivrid) === check.wantMuted } : {}),
			}));
		const ended = expected.filter((ivrid) => !live.has(ivrid));
		if (ended.length > 0) fail(`${describeCalls(ended)} ended before the state could be verified`, calls);

		const wrong = calls.filter((call) => call.isMuted !== check.wantMuted).map((call) => call.ivrid);
		if (wrong.length === 0) {
			return readFirst
				? { verified: true, alreadyInState: calls.every((call) => call.alreadyInState), calls }
				: { verified: true, calls };
		}
		const left = deadline - Date.now();
		if (left <= 0) {
			fail(`${describeCalls(wrong)} did not show ${wanted} within ${check.verifyTimeout} ms`, calls);
		}
		await sleep(Math.min(Math.max(0, VERIFY_POLL_MS - (Date.now() - readStarted)), left));
	}
}

/**
 * Sends a Mute/Unmute with Verify: reads the affected calls (before the request, or together with
 * it: `check.order`), sends it, then reads until the state shows. Returns Voicenter's answer, the
 * attempts and the verification, or throws; a request Voicenter accepted and whose state could not
 * be confirmed throws with its ActionID and `verified: false`.
 */
export async function sendVerified(
	context: IExecuteFunctions,
	check: VerifyTarget,
	itemIndex: number,
	send: () => Promise<SentRequest>,
): Promise<IDataObject> {
	let before: StateBefore;
	let sent: SentRequest;
	if (check.order === 'readFirst') {
		before = await stateBefore(context, check, itemIndex);
		sent = await send();
	} else {
		// Verify cannot read without the token: nothing is sent then, as when the read comes first.
		requireApiToken(context, check.account, readSubject(check), itemIndex);
		const [read, request] = await Promise.allSettled([stateBefore(context, check, itemIndex), send()]);
		if (request.status === 'rejected') throw request.reason;
		sent = request.value;
		if (read.status === 'rejected') {
			failVerify(context, check, itemIndex, sentOutcome(sent), couldNotRead(read.reason), []);
		}
		before = read.value;
	}
	const outcome = sentOutcome(sent);
	return { ...outcome, ...(await verifyState(context, check, before, itemIndex, outcome)) };
}
