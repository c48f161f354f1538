import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../actions/options';
import { readAccount, readActiveCalls } from '../transport';
import type { ActiveCall } from '../transport/types';
import { watchRecording, type RecordingEventName, type StoredWatchState } from './recordingWatch';

const EVENT_NAMES: RecordingEventName[] = ['recordingMuted', 'recordingResumed', 'mutedTooLong', 'callEndedWhileMuted'];

/** Fetch Test Event: the calls muted right now. Never a real event, so a test run cannot set off a flow's Unmute. */
const TEST_EVENT = 'mutedNow';

function refuse(context: IPollFunctions, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description });
}

function readEvents(context: IPollFunctions): Set<RecordingEventName> {
	const chosen = context.getNodeParameter('events', []) as string[];
	const events = new Set(chosen.filter((name): name is RecordingEventName => EVENT_NAMES.includes(name as RecordingEventName)));
	if (events.size === 0) {
		throw refuse(context, 'Choose at least one event in "Events"', 'The trigger starts the workflow only for the events chosen there.');
	}
	return events;
}

/** The extensions listed, in a stable order (empty: all extensions). */
function readExtensions(context: IPollFunctions): string[] {
	const raw = context.getNodeParameter('extensions', '');
	if (typeof raw !== 'string') {
		throw refuse(context, '"Extensions" must be text', 'List SIP IDs separated by commas, e.g. SIPSIP1, SIPSIP2, or leave it empty for all extensions.');
	}
	const extensions = raw
		.split(/[,\s]+/)
		.map((extension) => extension.trim())
		.filter((extension) => extension !== '');
	return [...new Set(extensions)].sort();
}

function readMutedTooLongSeconds(context: IPollFunctions): number {
	const minutes = context.getNodeParameter('mutedTooLongMinutes', 15);
	if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 1) {
		throw refuse(context, '"Muted Too Long After (Minutes)" must be a number of at least 1', 'Set how many minutes a call may stay muted before the trigger reports it.');
	}
	return Math.round(minutes * 60);
}

/** Report Again Every, in seconds; 0 (the default, and what a node saved before it existed has): once per mute. */
function readRepeatTooLongSeconds(context: IPollFunctions): number {
	const minutes = context.getNodeParameter('mutedTooLongRepeatMinutes', 0);
	if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
		throw refuse(
			context,
			'"Report Again Every (Minutes)" must be a number of at least 0',
			'Set 0 to report each mute once, or how many minutes after a report to report a call that is still muted again.',
		);
	}
	return Math.round(minutes * 60);
}

/**
 * One Active Calls request for every extension (Voicenter takes one extension or all), narrowed to
 * the ones listed.
 */
async function watchedCalls(context: IPollFunctions, extensions: string[]): Promise<ActiveCall[]> {
	const answer = await readActiveCalls(
		context,
		await readAccount(context),
		{
			timeout: DEFAULT_TIMEOUT_MS,
			maxAttempts: DEFAULT_MAX_ATTEMPTS,
			subject: 'Voicenter Trigger (Get Active Calls)',
		},
		undefined,
	);
	if (extensions.length === 0) return answer.flatMap(({ calls }) => calls);
	const answered = new Map(answer.map(({ extension, calls }) => [extension, calls]));
	const missing = extensions.filter((extension) => !answered.has(extension));
	if (missing.length > 0) {
		throw refuse(
			context,
			`Voicenter's Active Calls has no extension ${missing.map((extension) => `"${extension}"`).join(', ')}`,
			'Check "Extensions": each must be the SIP ID of an extension of this Voicenter account (as in Get Active Calls). Nothing was compared: the calls already known are kept for the next poll.',
		);
	}
	return extensions.flatMap((extension) => answered.get(extension) ?? []);
}

function asItems(jsons: IDataObject[]): INodeExecutionData[][] | null {
	return jsons.length === 0 ? null : [jsons.map((json) => ({ json }))];
}

/**
 * One poll: reads Voicenter's Active Calls once, compares it with what the last poll saw (kept in
 * the workflow's static data) and returns one item per chosen event, or null when there is none.
 * A failed read throws before the state is touched, so the next good poll compares with the last
 * good one.
 */
export async function pollRecordingEvents(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const events = readEvents(context);
	const extensions = readExtensions(context);
	const mutedTooLongSeconds = readMutedTooLongSeconds(context);
	const repeatTooLongSeconds = readRepeatTooLongSeconds(context);
	const polledAt = new Date().toISOString();
	const calls = await watchedCalls(context, extensions);

	if (context.getMode() === 'manual') {
		return asItems(
			calls
				.filter((call) => call.isMuted)
				.map((call) => ({
					event: TEST_EVENT,
					ivrid: call.ivrid,
					extension: call.extension,
					callerPhone: call.callerPhone,
					callerName: call.callerName,
					direction: call.direction,
					startedAt: call.startedAt,
					mutedSince: null,
					mutedForSeconds: null,
					polledAt,
				})),
		);
	}

	const staticData = context.getWorkflowStaticData('node');
	const watched = watchRecording(staticData.watch as StoredWatchState | undefined, calls, polledAt, {
		scope: extensions.join(','),
		mutedTooLongSeconds,
		repeatTooLongSeconds,
		reportMutedAtFirstPoll: context.getNode().typeVersion >= 1.1,
	});
	staticData.watch = watched.state as unknown as IDataObject;
	return asItems(watched.events.filter((event) => events.has(event.event)) as unknown as IDataObject[]);
}
