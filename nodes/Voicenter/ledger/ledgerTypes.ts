/**
 * The pause ledger keeps what happened, one entry a fact, and never edits an entry: a pause, a
 * resume, what the Voicenter Trigger saw, Voicenter's record of the call. Which resume ends which
 * pause is decided when the ledger is read (pairPauses), so the order in which the facts reach
 * the table, and two writers of one call at once, change nothing.
 */

export type EntryKind =
	/** n8n muted the call (a Voicenter Recording item). */
	| 'pause'
	/** n8n tried to mute and Voicenter did not (the recording went on). */
	| 'pauseFailed'
	/** n8n unmuted the call. */
	| 'resume'
	/** n8n tried to unmute and failed (the call may still be muted). */
	| 'resumeFailed'
	/** The Voicenter Trigger saw the call muted (Recording Muted). */
	| 'seenPaused'
	/** The Voicenter Trigger saw the call recording again (Recording Resumed). */
	| 'seenResumed'
	/** The Voicenter Trigger saw the call end while muted (Call Ended While Muted). */
	| 'seenEnded'
	/** Voicenter's record of the finished call (its CDR notification). */
	| 'callRecord';

/** One row of the ledger's table, as written (n8n adds id, createdAt and updatedAt). */
export interface LedgerEntry {
	kind: EntryKind;
	/** When it happened, UTC ISO: the request's answer, the poll that saw it, or the call's end. */
	at: string;
	/** Voicenter's call ID (ivrid); empty for an attempt on an extension that reached no call. */
	callId: string;
	extension: string;
	/** The caller's number, masked when the ledger masks them. */
	callerNumber: string;
	/** Who asked (the audit record's requestedBy), or who did it outside n8n. */
	by: string;
	/** Which door (the audit record's source: webhook, form, resume, timeLimit, watchdog, aiTool), or voicenter. */
	via: string;
	actionId: string;
	/** Whether the state was read back and matched; null when nobody asked. */
	verified: boolean | null;
	problem: string;
	/** workflowId/executionId of the run that did it. */
	execution: string;
	/** What the Voicenter Trigger saw: the poll that first saw this mute. */
	seenSince: string | null;
	/** Voicenter's record of the call: its recording, and when the call started, was answered and ended (UTC). */
	recordingUrl: string;
	callStartedAt: string | null;
	recordingStartedAt: string | null;
	callEndedAt: string | null;
}

/** A ledger entry read back from the table. */
export type StoredEntry = LedgerEntry & { id: number; createdAt?: string };

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

/** The table's columns, in the order the editor shows them. */
export const LEDGER_COLUMNS: ReadonlyArray<{ name: keyof LedgerEntry; type: ColumnType }> = [
	{ name: 'kind', type: 'string' },
	{ name: 'at', type: 'date' },
	{ name: 'callId', type: 'string' },
	{ name: 'extension', type: 'string' },
	{ name: 'callerNumber', type: 'string' },
	{ name: 'by', type: 'string' },
	{ name: 'via', type: 'string' },
	{ name: 'actionId', type: 'string' },
	{ name: 'verified', type: 'boolean' },
	{ name: 'problem', type: 'string' },
	{ name: 'execution', type: 'string' },
	{ name: 'seenSince', type: 'date' },
	{ name: 'recordingUrl', type: 'string' },
	{ name: 'callStartedAt', type: 'date' },
	{ name: 'recordingStartedAt', type: 'date' },
	{ name: 'callEndedAt', type: 'date' },
];

export type Ending =
	| 'open'
	| 'crm'
	| 'flow'
	| 'agent'
	| 'timeLimit'
	| 'watchdog'
	| 'aiTool'
	| 'outsideN8n'
	| 'callEnded'
	| 'notPaused'
	| string;

/** One pause of one call, as the report, its CSV and the Pair Into Pauses operation give it. */
export interface PauseRow {
	/** The id of the entry the pause is known from first. */
	id: number;
	callId: string;
	extension: string;
	callerNumber: string;
	/** null: the ledger holds no pause for this resume (it began before anything watched). */
	pausedAt: string | null;
	resumedAt: string | null;
	pauseSeconds: number | null;
	ending: Ending;
	pausedBy: string;
	pausedVia: string;
	resumedBy: string;
	resumedVia: string;
	muteActionId: string;
	unmuteActionId: string;
	muteVerified: boolean | null;
	unmuteVerified: boolean | null;
	problem: string;
	muteExecution: string;
	recordingUrl: string | null;
	callStartedAt: string | null;
	callEndedAt: string | null;
	/** Seconds into the recording. */
	recordingFrom: number | null;
	recordingTo: number | null;
	/** "mm:ss–mm:ss" */
	recordingInterval: string | null;
}

/** The columns of the CSV, in order. */
export const PAUSE_COLUMNS: ReadonlyArray<keyof PauseRow> = [
	'id',
	'callId',
	'extension',
	'callerNumber',
	'pausedAt',
	'resumedAt',
	'pauseSeconds',
	'ending',
	'pausedBy',
	'pausedVia',
	'resumedBy',
	'resumedVia',
	'muteActionId',
	'unmuteActionId',
	'muteVerified',
	'unmuteVerified',
	'problem',
	'recordingUrl',
	'callStartedAt',
	'callEndedAt',
	'recordingInterval',
	'recordingFrom',
	'recordingTo',
];

/** What the auditor asked for, read by readReportRequest. */
export interface ReportRequest {
	/** The account's days, 'YYYY-MM-DD', both included. */
	fromDay: string;
	toDay: string;
	/** The IANA zone the days are counted in and times are shown in. */
	timeZone: string;
	format: 'html' | 'csv';
	/** UTC ISO: the first and the last instant of the days. */
	from: string;
	to: string;
	/** The most entries the report reads (Read Report Request's Most Entries); MOST_ENTRIES_A_REPORT_READS when absent. */
	mostEntries?: number;
}

/** What the page says besides the rows. */
export interface ReportContext {
	request: ReportRequest;
	/** When the report was made, UTC ISO. */
	now: string;
	/** When the ledger was last written (its newest entry), UTC ISO; null for an empty ledger. */
	lastWrittenAt: string | null;
}
