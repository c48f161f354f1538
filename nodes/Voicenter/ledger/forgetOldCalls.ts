import type { StoredEntry } from './ledgerTypes';

/** A call lasts less than this: every entry of a call paused before the cut-off is older than the cut-off plus this. */
const LONGEST_CALL_MS = 2 * 86_400_000;

export interface ForgetFilter {
	/** The call whose entries go ('' : attempts that reached no call). */
	callId: string;
	/** Only entries before this instant, UTC ISO. */
	before: string;
}

/**
 * Retention forgets whole calls: every entry of each call that had an entry before the cut-off (its
 * resume and its record, written a little later, go with it, so no half of a pause is left), and
 * the attempts that reached no call, before the cut-off. One filter per Data Table delete.
 */
export function forgetOldCalls(oldEntries: readonly Pick<StoredEntry, 'callId'>[], pausedBefore: string): ForgetFilter[] {
	const cutOff = Date.parse(pausedBefore);
	const calls = new Set(oldEntries.map((entry) => entry.callId));
	return [...calls].sort().map((callId) => ({
		callId,
		before: new Date(callId === '' ? cutOff : cutOff + LONGEST_CALL_MS).toISOString(),
	}));
}
