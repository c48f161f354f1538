import type { ActiveCall } from '../transport/types';

export type RecordingEventName = 'recordingMuted' | 'recordingResumed' | 'mutedTooLong' | 'callEndedWhileMuted';

/** A call seen muted, as the trigger remembers it between polls. */
export interface MutedCall {
	extension: string;
	callerPhone: string;
	/** Absent in state kept before the trigger remembered names. */
	callerName?: string;
	direction: string;
	startedAt: string | null;
	/** The poll that first saw this mute (the first poll after activation, for a call muted before it). */
	mutedSince: string;
	/** Muted Too Long fires once per mute. */
	reportedTooLong: boolean;
}

/**
 * What the trigger keeps in the workflow's static data. Only muted calls are kept: a call that is
 * muted now and not in `muted` was recording at the last poll, or started since.
 */
export interface WatchState {
	/** The extensions watched, as a key (empty: all): state taken for other extensions is not compared. */
	scope: string;
	polledAt: string;
	muted: Record<string, MutedCall>;
}

export interface RecordingEvent {
	event: RecordingEventName;
	ivrid: string;
	extension: string;
	callerPhone: string;
	callerName: string;
	direction: string;
	startedAt: string | null;
	mutedSince: string;
	/** From `mutedSince` to this poll. */
	mutedForSeconds: number;
	polledAt: string;
	/** Call Ended While Muted: the last poll that saw the call. */
	lastSeenAt?: string;
}

export interface WatchSettings {
	scope: string;
	mutedTooLongSeconds: number;
}

// Polls run on a schedule whose ticks can land a little early; a mute seen exactly N minutes ago
// by the clock of two polls must count as N minutes.
const SCHEDULER_SLACK_SECONDS = 5;

function secondsBetween(from: string, to: string): number {
	return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

function rememberMute(call: ActiveCall, mutedSince: string): MutedCall {
	return {
		extension: call.extension,
		callerPhone: call.callerPhone,
		callerName: call.callerName,
		direction: call.direction,
		startedAt: call.startedAt,
		mutedSince,
		reportedTooLong: false,
	};
}

function eventFor(event: RecordingEventName, ivrid: string, muted: MutedCall, polledAt: string): RecordingEvent {
	return {
		event,
		ivrid,
		extension: muted.extension,
		callerPhone: muted.callerPhone,
		callerName: muted.callerName ?? '',
		direction: muted.direction,
		startedAt: muted.startedAt,
		mutedSince: muted.mutedSince,
		mutedForSeconds: secondsBetween(muted.mutedSince, polledAt),
		polledAt,
	};
}

/**
 * Compares this poll's live calls with what the last poll saw and returns the events and the state
 * to keep. Without a state for the same extensions this poll only takes the baseline: no events,
 * and the calls muted now start their Muted Too Long clock.
 */
export function watchRecording(
	previous: WatchState | undefined,
	liveCalls: ActiveCall[],
	polledAt: string,
	settings: WatchSettings,
): { state: WatchState; events: RecordingEvent[] } {
	const baseline = previous === undefined || previous.scope !== settings.scope;
	const before = baseline ? {} : previous.muted;
	const muted: Record<string, MutedCall> = {};
	const events: RecordingEvent[] = [];
	const live = new Set<string>();

	for (const call of liveCalls) {
		live.add(call.ivrid);
		const known = before[call.ivrid];
		if (!call.isMuted) {
			if (known !== undefined) events.push(eventFor('recordingResumed', call.ivrid, known, polledAt));
			continue;
		}
		const entry = known === undefined ? rememberMute(call, polledAt) : { ...known };
		muted[call.ivrid] = entry;
		if (known === undefined && !baseline) events.push(eventFor('recordingMuted', call.ivrid, entry, polledAt));
		const mutedFor = secondsBetween(entry.mutedSince, polledAt);
		if (!entry.reportedTooLong && mutedFor + SCHEDULER_SLACK_SECONDS >= settings.mutedTooLongSeconds && !baseline) {
			entry.reportedTooLong = true;
			events.push(eventFor('mutedTooLong', call.ivrid, entry, polledAt));
		}
	}

	for (const [ivrid, known] of Object.entries(before)) {
		if (live.has(ivrid)) continue;
		events.push({ ...eventFor('callEndedWhileMuted', ivrid, known, polledAt), lastSeenAt: previous?.polledAt });
	}

	return { state: { scope: settings.scope, polledAt, muted }, events };
}
