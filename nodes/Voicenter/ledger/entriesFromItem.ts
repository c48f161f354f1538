import { utcMsFromServerSeconds } from '../helpers/voicenterClock';
import type { LedgerEntry } from './ledgerTypes';

export interface EntrySettings {
	maskCallerNumbers: boolean;
	/** The account's IANA zone: Voicenter writes the CDR's times on its clock. */
	timeZone: string;
}

/**
 * What one item means for the ledger: entries to add, or a mute of an extension whose calls must be
 * read from Active Calls first (each call muted now gets the entry, with its call ID).
 */
export type ItemMeaning =
	| { entries: LedgerEntry[] }
	| { callsOfExtension: string; entry: LedgerEntry };

/** A sentence naming what is wrong with an item; thrown by entriesFromItem, worded per item by the node. */
export class UnreadableItem extends Error {}

type Json = Record<string, unknown>;

const OUTSIDE_N8N = 'outside n8n (seen by the Voicenter Trigger)';

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** Keeps the last three digits: enough to tell calls apart, too little to call anyone. */
export function maskNumber(number: unknown, mask: boolean): string {
	const value = text(number);
	return mask ? value.replace(/\d(?=(?:\D*\d){3})/g, '•') : value;
}

function blankEntry(kind: LedgerEntry['kind'], at: string): LedgerEntry {
	return {
		kind,
		at,
		callId: '',
		extension: '',
		callerNumber: '',
		by: '',
		via: '',
		actionId: '',
		verified: null,
		problem: '',
		execution: '',
		seenSince: null,
		recordingUrl: '',
		callStartedAt: null,
		recordingStartedAt: null,
		callEndedAt: null,
	};
}

function isoOf(value: unknown, field: string): string {
	const ms = typeof value === 'string' && value !== '' ? Date.parse(value) : NaN;
	if (Number.isNaN(ms)) throw new UnreadableItem(`"${field}" is not a date: ${JSON.stringify(value)}`);
	return new Date(ms).toISOString();
}

function secondsOf(record: Json, field: string, required: boolean): number {
	const raw = record[field];
	if (!required && (raw === undefined || raw === null || raw === '')) return 0;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new UnreadableItem(`the CDR's "${field}" is not a number of seconds: ${JSON.stringify(raw)}`);
	}
	return value;
}

/** Voicenter's record of a finished call. Its `time` is on the account's clock (Voicenter's clock). */
function fromCallRecord(record: Json, settings: EntrySettings): LedgerEntry {
	const startedMs = utcMsFromServerSeconds(secondsOf(record, 'time', true), settings.timeZone);
	const endedMs = startedMs + secondsOf(record, 'duration', false) * 1000;
	// The recording starts when the call is answered: the CDR's time plus its dialtime.
	const answeredMs = Math.min(endedMs, startedMs + secondsOf(record, 'dialtime', false) * 1000);
	const iso = (ms: number) => new Date(ms).toISOString();
	return {
		...blankEntry('callRecord', iso(endedMs)),
		callId: text(record.ivruniqueid),
		extension: text(record.extenUser),
		callerNumber: maskNumber(record.callerPhone, settings.maskCallerNumbers),
		via: 'voicenter',
		recordingUrl: text(record.record),
		callStartedAt: iso(startedMs),
		recordingStartedAt: iso(answeredMs),
		callEndedAt: iso(endedMs),
	};
}

/** A Voicenter Trigger event; Muted Too Long changes nothing in the ledger (its resume will). */
function fromTriggerEvent(event: Json, settings: EntrySettings): LedgerEntry[] {
	const kind = ({ recordingMuted: 'seenPaused', recordingResumed: 'seenResumed', callEndedWhileMuted: 'seenEnded' } as const)[
		event.event as 'recordingMuted'
	];
	if (kind === undefined) return [];
	const seenSince = isoOf(event.mutedSince, 'mutedSince');
	const at: string = kind === 'seenPaused' ? seenSince : isoOf(event.polledAt, 'polledAt');
	return [
		{
			...blankEntry(kind, at),
			callId: text(event.ivrid),
			extension: text(event.extension),
			callerNumber: maskNumber(event.callerPhone, settings.maskCallerNumbers),
			by: event.event === 'callEndedWhileMuted' ? 'the call ended' : OUTSIDE_N8N,
			via: 'voicenter',
			problem: event.atFirstPoll === true ? 'already muted when the Voicenter Trigger began to watch: paused then or before' : '',
			seenSince,
		},
	];
}

/** A Voicenter Recording item, done or failed: its audit record says what was asked, by whom, and when. */
function fromRecordingItem(json: Json, audit: Json, failure: Json | undefined, settings: EntrySettings): ItemMeaning {
	const operation = audit.operation;
	if (operation !== 'mute' && operation !== 'unmute') {
		throw new UnreadableItem(`its audit record's operation is ${JSON.stringify(operation)}, not mute or unmute`);
	}
	const problem = text(failure?.message ?? (typeof json.error === 'string' ? json.error : ''));
	const failed = failure !== undefined || problem !== '';
	const byExtension = audit.target === 'extension';
	const verifiedCalls = (Array.isArray(audit.verifiedCalls) ? audit.verifiedCalls : [])
		.map((call) => (isObject(call) ? text(call.ivrid) : ''))
		.filter((ivrid) => ivrid !== '');
	const callIds = verifiedCalls.length > 0 ? verifiedCalls : byExtension ? [] : [text(audit.targetValue)];
	const kind = operation === 'mute' ? (failed ? 'pauseFailed' : 'pause') : failed ? 'resumeFailed' : 'resume';
	const entry: LedgerEntry = {
		...blankEntry(kind, isoOf(audit.timestamp, 'audit.timestamp')),
		extension: byExtension ? text(audit.targetValue) : text(json.extension),
		callerNumber: maskNumber(json.callerNumber, settings.maskCallerNumbers),
		by: text(audit.requestedBy),
		via: text(audit.source),
		actionId: text(audit.ActionID),
		verified: audit.verified === undefined || audit.verified === null ? null : audit.verified === true,
		problem,
		execution: `${text(audit.workflowId)}/${text(audit.executionId)}`,
	};
	// A mute of an extension covers every call live on it: which ones, Active Calls tells.
	if (kind === 'pause' && callIds.length === 0) return { callsOfExtension: entry.extension, entry };
	if (callIds.length === 0) return { entries: [entry] };
	return { entries: callIds.map((callId) => ({ ...entry, callId })) };
}

/**
 * What reached the ledger: a Voicenter Recording item (done or failed, each with its audit record),
 * a Voicenter Trigger event, or Voicenter's record of a finished call (a CDR, as sent or as the
 * Webhook node's item). Anything else is refused: a ledger that guesses keeps wrong evidence.
 */
export function entriesFromItem(json: Json, settings: EntrySettings): ItemMeaning {
	const record = isObject(json.body) && typeof json.body.ivruniqueid === 'string' ? json.body : json;
	if (typeof record.ivruniqueid === 'string' && record.ivruniqueid !== '') return { entries: [fromCallRecord(record, settings)] };
	const failure = isObject(json.error) ? json.error : undefined;
	const audit = isObject(json.audit) ? json.audit : isObject(failure?.audit) ? failure.audit : undefined;
	// An item that failed on a trigger event carries the event's fields too: the audit record decides first.
	if (audit !== undefined) return fromRecordingItem(json, audit, failure, settings);
	if (typeof json.event === 'string') return { entries: fromTriggerEvent(json, settings) };
	throw new UnreadableItem(
		'it is neither a Voicenter Recording item (it has no audit record), a Voicenter Trigger event, nor a CDR (it has no ivruniqueid)',
	);
}
