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
	/** How many times Muted Too Long fired for this mute (0: not yet). */
	tooLongReports: number;
	/** The poll of the last Muted Too Long for this mute; absent until the first. */
	lastReportedAt?: string;
}

/**
 * A muted call as the static data may hold it: state kept before Report Again Every has
 * `reportedTooLong` (Muted Too Long fired, or not) instead of the count and its time.
 */
export type StoredMutedCall = Omit<MutedCall, 'tooLongReports'> & { tooLongReports?: number; reportedTooLong?: boolean };

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

/** The static data as a poll reads it: possibly kept before Report Again Every. */
export type StoredWatchState = Omit<WatchState, 'muted'> & { muted: Record<string, StoredMutedCall> };

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
	/** Muted Too Long: 1 for the first report of this mute, then 2, 3… for each report again. */
	attempt?: number;
	/** Recording Muted at the first poll (version 1.1): the call was already muted when the trigger began to watch. */
	atFirstPoll?: boolean;
}

export interface WatchSettings {
	scope: string;
	mutedTooLongSeconds: number;
	/** Report Again Every: Muted Too Long fires again this long after the last report while the call stays muted; 0: once per mute. */
	repeatTooLongSeconds: number;
	/** Version 1.1: the first poll reports the calls already muted (Recording Muted, atFirstPoll) instead of only noting them. */
	reportMutedAtFirstPoll: boolean;
}

// Polls run on a schedule whose ticks can land a little early; a mute seen exactly N minutes ago
// by the clock of two polls must count as N minutes.
const SCHEDULER_SLACK_SECONDS = 5;

function secondsBetween(from: string, to: string): number {
	return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

function reached(from: string, to: string, seconds: number): boolean {
	return secondsBetween(from, to) + SCHEDULER_SLACK_SECONDS >= seconds;
}

function rememberMute(call: ActiveCall, mutedSince: string): MutedCall {
	return {
		extension: call.extension,
		callerPhone: call.callerPhone,
		callerName: call.callerName,
		direction: call.direction,
		startedAt: call.startedAt,
		mutedSince,
		tooLongReports: 0,
	};
}

/**
 * A remembered mute in today's shape. State kept before Report Again Every says only whether Muted
 * Too Long fired: true counts as one report, made no later than the poll that state was kept at.
 */
function recall(stored: StoredMutedCall, keptAt: string): MutedCall {
	const { reportedTooLong, tooLongReports, lastReportedAt, ...call } = stored;
	const reports = tooLongReports ?? (reportedTooLong === true ? 1 : 0);
	if (reports === 0) return { ...call, tooLongReports: 0 };
	return { ...call, tooLongReports: reports, lastReportedAt: lastReportedAt ?? keptAt };
}

/** Muted Too Long is due first the threshold after the mute, then (Report Again Every) that long after each report. */
function tooLongDue(muted: MutedCall, polledAt: string, settings: WatchSettings): boolean {
	if (muted.tooLongReports === 0) return reached(muted.mutedSince, polledAt, settings.mutedTooLongSeconds);
	if (settings.repeatTooLongSeconds <= 0 || muted.lastReportedAt === undefined) return false;
	return reached(muted.lastReportedAt, polledAt, settings.repeatTooLongSeconds);
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
 * to keep. Without a state for the same extensions this poll takes the baseline: the calls muted
 * now start their Muted Too Long clock, and are reported as Recording Muted (atFirstPoll) only when
 * the settings ask for it (version 1.1); no other event.
 */
export function watchRecording(
	previous: StoredWatchState | undefined,
	liveCalls: ActiveCall[],
	polledAt: string,
	settings: WatchSettings,
): { state: WatchState; events: RecordingEvent[] } {
	const baseline = previous === undefined || previous.scope !== settings.scope;
	const before: Record<string, MutedCall> = baseline
		? {}
		: Object.fromEntries(Object.entries(previous.muted).map(([ivrid, stored]) => [ivrid, recall(stored, previous.polledAt)]));
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
		if (baseline && settings.reportMutedAtFirstPoll) events.push({ ...eventFor('recordingMuted', call.ivrid, entry, polledAt), atFirstPoll: true });
		if (!baseline && tooLongDue(entry, polledAt, settings)) {
			entry.tooLongReports += 1;
			entry.lastReportedAt = polledAt;
			events.push({ ...eventFor('mutedTooLong', call.ivrid, entry, polledAt), attempt: entry.tooLongReports });
		}
	}

	for (const [ivrid, known] of Object.entries(before)) {
		if (live.has(ivrid)) continue;
		events.push({ ...eventFor('callEndedWhileMuted', ivrid, known, polledAt), lastSeenAt: previous?.polledAt });
	}

	return { state: { scope: settings.scope, polledAt, muted }, events };
}
