import type { EntryKind, PauseRow, StoredEntry } from './ledgerTypes';

/** How each n8n door's resume shows in the ledger's `ending`. */
const ENDING_BY_SOURCE: Record<string, string> = {
	webhook: 'crm',
	resume: 'flow',
	form: 'agent',
	timeLimit: 'timeLimit',
	watchdog: 'watchdog',
	aiTool: 'aiTool',
};

/**
 * n8n stamps a mute or unmute once Voicenter has answered (and the state was read back, when
 * Verify is on), so a poll of the Voicenter Trigger can see the change a little before n8n's own
 * stamp. Within this long, what the trigger saw and what n8n did are one change.
 */
const SAME_CHANGE_MS = 60_000;

/** Facts of one moment are taken in the order they must have happened. */
const ORDER: Record<EntryKind, number> = {
	pause: 0,
	seenPaused: 1,
	pauseFailed: 2,
	resumeFailed: 3,
	resume: 4,
	seenResumed: 5,
	seenEnded: 6,
	callRecord: 7,
};

interface Draft extends PauseRow {
	/** Opened from what the trigger saw, and no n8n mute has claimed it yet. */
	seenOnly: boolean;
	/** Ended by what the trigger saw, and no n8n unmute has claimed it yet. */
	endSeenOnly: boolean;
}

const ms = (iso: string | null): number => (iso === null ? NaN : Date.parse(iso));

function newDraft(entry: StoredEntry): Draft {
	return {
		id: entry.id,
		callId: entry.callId,
		extension: entry.extension,
		callerNumber: entry.callerNumber,
		pausedAt: null,
		resumedAt: null,
		pauseSeconds: null,
		ending: 'open',
		pausedBy: '',
		pausedVia: '',
		resumedBy: '',
		resumedVia: '',
		muteActionId: '',
		unmuteActionId: '',
		muteVerified: null,
		unmuteVerified: null,
		problem: '',
		muteExecution: '',
		recordingUrl: null,
		callStartedAt: null,
		callEndedAt: null,
		recordingFrom: null,
		recordingTo: null,
		recordingInterval: null,
		seenOnly: false,
		endSeenOnly: false,
	};
}

function addProblem(row: PauseRow, problem: string): void {
	row.problem = [row.problem, problem].filter((part) => part !== '').join(' | ');
}

function fillPause(row: Draft, entry: StoredEntry): void {
	row.pausedAt = entry.at;
	row.pausedBy = entry.by;
	row.pausedVia = entry.via;
	row.muteActionId = entry.actionId;
	row.muteVerified = entry.verified;
	row.muteExecution = entry.execution;
	row.seenOnly = entry.kind === 'seenPaused';
	if (row.extension === '') row.extension = entry.extension;
	if (row.callerNumber === '') row.callerNumber = entry.callerNumber;
	if (entry.problem !== '') addProblem(row, entry.problem);
}

function fillEnd(row: Draft, entry: StoredEntry, ending: string): void {
	row.resumedAt = entry.at;
	row.ending = ending;
	row.resumedBy = entry.by;
	row.resumedVia = entry.via;
	row.unmuteActionId = entry.kind === 'resume' ? entry.actionId : '';
	row.unmuteVerified = entry.kind === 'resume' ? entry.verified : null;
	row.endSeenOnly = entry.kind !== 'resume';
	if (row.extension === '') row.extension = entry.extension;
	if (row.callerNumber === '') row.callerNumber = entry.callerNumber;
}

function endingOf(entry: StoredEntry): string {
	if (entry.kind === 'seenEnded') return 'callEnded';
	if (entry.kind === 'seenResumed') return 'outsideN8n';
	return ENDING_BY_SOURCE[entry.via] ?? (entry.via === '' ? 'n8n' : entry.via);
}

function withLength(row: PauseRow): void {
	const paused = ms(row.pausedAt);
	const resumed = ms(row.resumedAt);
	row.pauseSeconds = Number.isNaN(paused) || Number.isNaN(resumed) ? null : Math.max(0, Math.round((resumed - paused) / 1000));
}

const clock = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
const epochSeconds = (iso: string | null) => Math.round(ms(iso) / 1000);

/**
 * Voicenter's record of the call, joined to one of its pauses: where the pause sits in the
 * recording (which starts when the call is answered), and a pause still open when the call ended
 * ended with it.
 */
function joinCallRecord(row: PauseRow, record: StoredEntry): void {
	const endedAt = epochSeconds(record.callEndedAt);
	const recordingStart = epochSeconds(record.recordingStartedAt);
	const recordingLength = Math.max(0, endedAt - recordingStart);
	row.recordingUrl = record.recordingUrl === '' ? '(no recording)' : record.recordingUrl;
	row.callStartedAt = record.callStartedAt;
	row.callEndedAt = record.callEndedAt;
	if (row.extension === '') row.extension = record.extension;
	if (row.callerNumber === '') row.callerNumber = record.callerNumber;
	if (row.ending === 'open' || row.ending === 'callEnded') {
		// The pause ended with the call: when, Voicenter's record says to the second (a poll only saw it later).
		row.ending = 'callEnded';
		row.resumedAt = record.callEndedAt;
		row.resumedBy = 'the call ended';
		row.resumedVia = 'voicenter';
		withLength(row);
	}
	if (row.pausedAt === null || row.ending === 'notPaused') return;
	const resumedAt = row.ending === 'callEnded' ? endedAt : epochSeconds(row.resumedAt);
	const from = Math.min(recordingLength, Math.max(0, epochSeconds(row.pausedAt) - recordingStart));
	const to = Math.min(recordingLength, Math.max(from, resumedAt - recordingStart));
	row.recordingFrom = from;
	row.recordingTo = to;
	row.recordingInterval = `${clock(from)}–${clock(to)}`;
}

/** The row without what pairing kept to itself. */
function asPauseRow(draft: Draft): PauseRow {
	const row: Partial<Draft> = { ...draft };
	delete row.seenOnly;
	delete row.endSeenOnly;
	return row as PauseRow;
}

function byTime(a: StoredEntry, b: StoredEntry): number {
	return ms(a.at) - ms(b.at) || ORDER[a.kind] - ORDER[b.kind] || a.id - b.id;
}

/**
 * The pauses the ledger's entries tell of, one row per pause of one call (and one per attempt that
 * paused nothing), in the order they began. Entries are taken by when they happened, whatever
 * order they were written in, so a resume written before its pause, or what the trigger saw
 * written before n8n's own change, still ends up on the right pause; nothing is dropped: a resume
 * with no pause becomes a row that says so.
 */
export function pairPauses(entries: readonly StoredEntry[]): PauseRow[] {
	const rows: Draft[] = [];
	const open = new Map<string, Draft>();
	const last = new Map<string, Draft>();
	const records = new Map<string, StoredEntry>();
	const keyOf = (entry: StoredEntry) => (entry.callId !== '' ? `call ${entry.callId}` : `extension ${entry.extension}`);
	const start = (entry: StoredEntry): Draft => {
		const row = newDraft(entry);
		rows.push(row);
		last.set(keyOf(entry), row);
		return row;
	};
	const startPause = (entry: StoredEntry): Draft => {
		const row = start(entry);
		fillPause(row, entry);
		return row;
	};
	const close = (row: Draft, entry: StoredEntry) => {
		fillEnd(row, entry, endingOf(entry));
		withLength(row);
		for (const [key, candidate] of open) if (candidate === row) open.delete(key);
	};
	// Which extension each call was on, from any entry that says (a pause by call ID does not; its
	// CDR or what the trigger saw does), so an unmute of the extension ends that call's pause too.
	const extensionOf = new Map<string, string>();
	for (const entry of entries) if (entry.callId !== '' && entry.extension !== '') extensionOf.set(entry.callId, entry.extension);
	/** The open pauses an n8n unmute ends: the call's own, or every one on the extension it unmuted. */
	const ending = (entry: StoredEntry): Draft[] =>
		entry.callId !== ''
			? [open.get(keyOf(entry))].filter((row): row is Draft => row !== undefined)
			: [...new Set(open.values())].filter((row) => (row.extension || extensionOf.get(row.callId)) === entry.extension);

	for (const entry of [...entries].sort(byTime)) {
		const key = keyOf(entry);
		const current = open.get(key);
		const previous = last.get(key);
		switch (entry.kind) {
			case 'callRecord': {
				// Voicenter sends a record again until it is answered: the first one counts.
				const known = records.get(entry.callId);
				if (known === undefined || entry.id < known.id) records.set(entry.callId, entry);
				break;
			}
			case 'pauseFailed': {
				startPause(entry).ending = 'notPaused';
				break;
			}
			case 'pause': {
				if (current?.seenOnly === true && ms(entry.at) - ms(current.pausedAt) <= SAME_CHANGE_MS) {
					// The trigger saw n8n's own mute before n8n stamped it: one pause, n8n's.
					const seenAt = current.pausedAt;
					fillPause(current, entry);
					current.pausedAt = seenAt;
				} else if (current !== undefined) {
					addProblem(current, `muted again at ${entry.at} (${entry.by}, ${entry.via}) while already paused`);
				} else {
					open.set(key, startPause(entry));
				}
				break;
			}
			case 'seenPaused': {
				if (current === undefined) open.set(key, startPause(entry));
				break;
			}
			case 'resume': {
				const closing = ending(entry);
				if (closing.length > 0) {
					for (const row of closing) close(row, entry);
				} else if (previous?.endSeenOnly === true && previous.ending === 'outsideN8n' && ms(entry.at) - ms(previous.resumedAt) <= SAME_CHANGE_MS) {
					// The trigger saw n8n's own unmute before n8n stamped it: the end is n8n's.
					const seenAt = previous.resumedAt;
					fillEnd(previous, entry, endingOf(entry));
					previous.resumedAt = seenAt;
					withLength(previous);
				} else if (previous !== undefined) {
					// A second resume of a pause already ended, or a resume after an attempt that paused nothing.
					addProblem(previous, `resumed again at ${entry.at} (${entry.by}, ${entry.via})`);
				} else if (entry.callId !== '') {
					const row = start(entry);
					fillEnd(row, entry, endingOf(entry));
					addProblem(row, 'resumed, but the ledger holds no pause of this call before it');
				}
				break;
			}
			case 'seenResumed':
			case 'seenEnded': {
				if (current !== undefined) {
					close(current, entry);
				} else if (previous === undefined || ms(previous.resumedAt) < ms(entry.seenSince) || previous.ending === 'notPaused') {
					// Muted before the trigger first looked (or while nothing wrote to the ledger): a row of what is known.
					const row = start(entry);
					row.pausedAt = entry.seenSince;
					row.pausedBy = entry.kind === 'seenEnded' ? 'outside n8n (seen by the Voicenter Trigger)' : entry.by;
					row.pausedVia = 'voicenter';
					close(row, entry);
				}
				// Otherwise the trigger saw, a poll late, the end of a pause the ledger already ended.
				break;
			}
			case 'resumeFailed': {
				const note = `resume failed at ${entry.at} (${entry.by}, ${entry.via}): ${entry.problem}`;
				const noted = ending(entry);
				for (const row of noted) addProblem(row, note);
				if (noted.length === 0 && entry.callId !== '') {
					const row = previous ?? start(entry);
					addProblem(row, note);
				}
				break;
			}
		}
	}

	for (const row of rows) {
		const record = row.callId === '' ? undefined : records.get(row.callId);
		if (record !== undefined) joinCallRecord(row, record);
	}
	return rows.map(asPauseRow);
}
