import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../actions/options';
import { phoneKey } from '../actions/callerNumber';
import { readAccount, readActiveCalls } from '../transport';
import type { ActiveCall, ActiveExtension } from '../transport/types';

/** What the editor's "From list" shows: Voicenter's Active Calls right now, through the node's credential. */
async function activeCalls(context: ILoadOptionsFunctions, subject: string): Promise<ActiveExtension[]> {
	return await readActiveCalls(
		context,
		await readAccount(context),
		{ timeout: DEFAULT_TIMEOUT_MS, maxAttempts: DEFAULT_MAX_ATTEMPTS, subject },
		undefined,
	);
}

function matches(filter: string | undefined, ...texts: string[]): boolean {
	const wanted = filter?.trim().toLowerCase();
	if (!wanted) return true;
	const wantedPhone = phoneKey(wanted);
	return texts.some((text) => text.toLowerCase().includes(wanted) || (wantedPhone !== undefined && phoneKey(text) === wantedPhone));
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** e.g. "3 min 05 s", from when the call was answered (or started, while it rings) until now. */
export function runningFor(call: ActiveCall, now = Date.now()): string {
	const since = Date.parse(call.answeredAt ?? call.startedAt ?? '');
	if (Number.isNaN(since)) return 'duration unknown';
	const seconds = Math.max(0, Math.round((now - since) / 1000));
	const minutes = Math.floor(seconds / 60);
	return minutes === 0 ? `${seconds} s` : `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** e.g. "Dana Levi (0501234567)", or the number alone when Voicenter has no name for the caller. */
function caller({ callerName, callerPhone }: ActiveCall): string {
	const phone = callerPhone || 'unknown number';
	return callerName ? `${callerName} (${phone})` : phone;
}

/** How many entries the editor gets at a time: it asks for the next page as the user scrolls. */
export const LIST_PAGE_SIZE = 100;

/**
 * One page of `items` from the editor's pagination token (where the last page ended). Each page is
 * read from Voicenter afresh, so a large centre's list stays current while the user scrolls.
 */
function page(items: INodeListSearchItems[], paginationToken?: string): INodeListSearchResult {
	const start = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const end = start + LIST_PAGE_SIZE;
	return { results: items.slice(start, end), ...(end < items.length ? { paginationToken: String(end) } : {}) };
}

export async function searchExtensions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const extensions = await activeCalls(this, 'Listing extensions');
	const results: INodeListSearchItems[] = extensions
		.filter(({ extension }) => matches(filter, extension))
		.map(({ extension, calls }) => ({
			name: `${extension} (${plural(calls.length, 'live call')})`,
			value: extension,
		}));
	return page(results, paginationToken);
}

export async function searchCalls(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const extensions = await activeCalls(this, 'Listing live calls');
	const results: INodeListSearchItems[] = extensions
		.flatMap(({ calls }) => calls)
		.filter((call) => matches(filter, call.callerPhone, call.callerName, call.ivrid, call.extension))
		.map((call) => ({
			name: `${caller(call)} · ${call.direction || 'call'} · ${call.extension} · ${runningFor(call)}${call.isMuted ? ' · muted' : ''}`,
			value: call.ivrid,
		}));
	return page(results, paginationToken);
}
