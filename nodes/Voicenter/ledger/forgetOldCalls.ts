import type { StoredEntry } from './ledgerTypes';

/**
 * A call lasts less than this: every entry of a call paused before the cut-off is older than the
 * cut-off plus this. The ledger workflow reads the entries of these 2 days after the cut-off.
 */
export const LONGEST_CALL_MS = 2 * 86_400_000;

export interface ForgetFilter {
	/** The call whose remaining entries go. */
	callId: string;
	/** Only its entries before this instant, UTC ISO. */
	before: string;
}

/**
 * Retention forgets whole calls. The entries before the cut-off go in one delete (a filter on the
 * time alone: one pass over the table, however many calls). What that leaves of a call paused
 * before the cut-off are its entries just after it — a resume or a record written a little later —
 * so, given the entries deleted and those of the time a call can last after the cut-off, this
 * names the calls found on both sides: one filter per Data Table delete, a handful a night.
 */
export function callsAcrossTheCutOff(entries: readonly Pick<StoredEntry, 'callId' | 'at'>[], pausedBefore: string): ForgetFilter[] {
	const cutOff = Date.parse(pausedBefore);
	const acrossUntil = new Date(cutOff + LONGEST_CALL_MS).toISOString();
	const before = new Set<string>();
	const after = new Set<string>();
	for (const { callId, at } of entries) {
		if (callId === '') continue;
		(Date.parse(at) < cutOff ? before : after).add(callId);
	}
	return [...before]
		.filter((callId) => after.has(callId))
		.sort()
		.map((callId) => ({ callId, before: acrossUntil }));
}
