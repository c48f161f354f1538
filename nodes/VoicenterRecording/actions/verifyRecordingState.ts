import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readActiveCalls, type VoicenterAccount } from '../transport';
import type { ActiveCall, VoicenterProblem } from '../transport/types';
import { voicenterError } from '../transport/voicenterError';

/** Voicenter asks callers not to poll Active Calls fast; once a second is the politest that still verifies quickly. */
export const VERIFY_POLL_MS = 1000;

export interface VerifyTarget {
	account: VoicenterAccount;
	target: 'extension' | 'callId';
	value: string;
	wantMuted: boolean;
	timeout: number;
	maxAttempts: number;
	verifyTimeout: number;
	/** e.g. `Mute of extension "101"`. */
	subject: string;
}

/** The affected calls' recording state before the request: ivrid → muted, and where to read them again. */
export interface StateBefore {
	muted: Map<string, boolean>;
	extension: string | undefined;
}

export interface VerifiedCall {
	ivrid: string;
	isMuted: boolean;
	alreadyInState: boolean;
}

async function readCalls(context: IExecuteFunctions, extension: string | undefined, check: VerifyTarget, itemIndex: number) {
	const extensions = await readActiveCalls(
		context,
		check.account,
		{
			extension,
			timeout: check.timeout,
			maxAttempts: check.maxAttempts,
			subject: `${check.subject}: reading Active Calls to verify it`,
		},
		itemIndex,
	);
	return extensions.flatMap((entry) => entry.calls);
}

/** Reads the calls the request will affect, before it is sent. */
export async function stateBefore(context: IExecuteFunctions, check: VerifyTarget, itemIndex: number): Promise<StateBefore> {
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

/**
 * Reads Active Calls until every affected call shows the requested state, or fails: the deadline
 * passed, a call ended, or there was no call to verify. A server that reads `state` the other way
 * round is caught here instead of silently recording.
 */
export async function verifyState(
	context: IExecuteFunctions,
	check: VerifyTarget,
	before: StateBefore,
	itemIndex: number,
	outcome: IDataObject & { ActionID: string },
): Promise<{ verified: true; alreadyInState: boolean; calls: VerifiedCall[] }> {
	const wanted = check.wantMuted ? 'muted' : 'recording';
	const expected = [...before.muted.keys()];
	const fail = (reason: string, calls: VerifiedCall[]): never => {
		const problem: VoicenterProblem = {
			reason: `Voicenter accepted it (ActionID ${outcome.ActionID}) but ${reason}`,
			hint:
				check.wantMuted
					? 'Treat the call as STILL RECORDING: the mute could not be confirmed.'
					: 'Treat the call as still muted: the unmute could not be confirmed.',
			fields: { ...outcome, verified: false, reason, calls },
		};
		throw voicenterError(context.getNode(), `${check.subject} (verify)`, itemIndex, problem);
	};
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
		const live = new Map<string, ActiveCall>(
			(await readCalls(context, before.extension, check, itemIndex)).map((call) => [call.ivrid, call]),
		);
		const calls = expected
			.filter((ivrid) => live.has(ivrid))
			.map((ivrid) => ({
				ivrid,
				isMuted: live.get(ivrid)!.isMuted,
				alreadyInState: before.muted.get(ivrid) === check.wantMuted,
			}));
		const ended = expected.filter((ivrid) => !live.has(ivrid));
		if (ended.length > 0) fail(`${describeCalls(ended)} ended before the state could be verified`, calls);

		const wrong = calls.filter((call) => call.isMuted !== check.wantMuted).map((call) => call.ivrid);
		if (wrong.length === 0) {
			return { verified: true, alreadyInState: calls.every((call) => call.alreadyInState), calls };
		}
		const left = deadline - Date.now();
		if (left <= 0) {
			fail(`${describeCalls(wrong)} did not show ${wanted} within ${check.verifyTimeout} ms`, calls);
		}
		await sleep(Math.min(VERIFY_POLL_MS, left));
	}
}
