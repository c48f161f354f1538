/**
 * The pause ledger: an n8n Data Table of entries, one a fact (a pause, a resume, what the Voicenter
 * Trigger saw, Voicenter's record of a call), which the package's Voicenter Pause Ledger node pairs
 * into pauses when it is read. The kit's installer creates the table; tests read it (and put a day
 * gone by into it) through n8n's REST API as its owner.
 */
import type { IDataObject } from 'n8n-workflow';

import { storedEntries } from '../../nodes/Voicenter/ledger/actions/storedEntries';
import { LEDGER_COLUMNS, type LedgerEntry, type PauseRow, type StoredEntry } from '../../nodes/Voicenter/ledger/ledgerTypes';
import { pairPauses } from '../../nodes/Voicenter/ledger/pairPauses';
import { LEDGER_TABLE, POSTGRES_LEDGER_TABLE } from '../../nodes/Voicenter/kit/kitContents';
import type { RunningPostgres } from '../services/postgres';
import { rest } from './restApi';

/** The table's name, as the kit's installer creates it. */
export const PAUSE_LEDGER_TABLE = LEDGER_TABLE.name;

/** The columns, in the order the editor shows them (n8n adds id, createdAt and updatedAt). */
export const PAUSE_LEDGER_COLUMNS = LEDGER_COLUMNS;

interface Project {
	id: string;
}

/** The owner's project and the ledger's id in it, creating the table if it is not there yet. */
export async function ensurePauseLedger(url: string, cookie: string): Promise<{ projectId: string; tableId: string }> {
	const project = await rest<Project>(url, cookie, 'projects/personal');
	const base = `projects/${project.id}/data-tables`;
	const listed = await rest<{ data: Array<{ id: string; name: string }> } | Array<{ id: string; name: string }>>(url, cookie, base);
	const tables = Array.isArray(listed) ? listed : listed.data;
	const existing = tables.find((table) => table.name === PAUSE_LEDGER_TABLE);
	if (existing !== undefined) return { projectId: project.id, tableId: existing.id };
	const created = await rest<{ id: string }>(url, cookie, base, {
		method: 'POST',
		body: JSON.stringify({ name: PAUSE_LEDGER_TABLE, columns: PAUSE_LEDGER_COLUMNS }),
	});
	return { projectId: project.id, tableId: created.id };
}

/** One pause of one call, as the report and its CSV give it. */
export type LedgerRow = PauseRow;

type TableRow = Record<string, unknown> & { id: number };

/** Every entry of the ledger's table, as stored, oldest first. */
export async function pauseLedgerEntries(url: string, cookie: string): Promise<StoredEntry[]> {
	return storedEntries((await tableRows(url, cookie)).map((json) => ({ json: json as IDataObject })));
}

/** Every entry of the ledger's table in the user's PostgreSQL (when the kit keeps it there), oldest first. */
export async function postgresLedgerEntries(database: Pick<RunningPostgres, 'rows'>): Promise<StoredEntry[]> {
	return storedEntries((await database.rows<IDataObject>(`SELECT * FROM ${POSTGRES_LEDGER_TABLE} ORDER BY id`)).map((json) => ({ json })));
}

/** The pauses the ledger holds (what the report shows, and what tests compare), in the order they began. */
export async function pauseLedgerRows(url: string, cookie: string): Promise<LedgerRow[]> {
	return pairPauses(await pauseLedgerEntries(url, cookie));
}

/**
 * A verified CRM pause of another call, every column filled as the ledger writes one: what tests
 * fill the table with to stand for a busy centre's months.
 */
export function otherCallsPause(callId: string, at: number): LedgerEntry {
	return {
		kind: 'pause',
		at: new Date(at).toISOString(),
		callId,
		extension: 'SIPSIP1',
		callerNumber: '•••••••321',
		by: 'dana.cohen@example-crm.co.il',
		via: 'webhook',
		actionId: 'df1348c5457901383b09bc6558a296fb',
		verified: true,
		problem: '',
		execution: 'VcMuteVerified01/100000',
		seenSince: null,
		recordingUrl: '',
		callStartedAt: null,
		recordingStartedAt: null,
		callEndedAt: null,
	};
}

/** Adds entries straight to the table, as n8n's Data Table node would (tests: facts of a day gone by). */
export async function insertLedgerEntries(url: string, cookie: string, entries: LedgerEntry[]): Promise<void> {
	const { projectId, tableId } = await ensurePauseLedger(url, cookie);
	await rest(url, cookie, `projects/${projectId}/data-tables/${tableId}/insert`, { method: 'POST', body: JSON.stringify({ data: entries, returnType: 'count' }) });
}

async function tableRows(url: string, cookie: string): Promise<TableRow[]> {
	const { projectId, tableId } = await ensurePauseLedger(url, cookie);
	const rows: TableRow[] = [];
	// n8n caps `take` at 250 (MAX_ITEMS_PER_PAGE) without saying so: page on until `count` rows are read.
	for (;;) {
		const page = await rest<{ count: number; data: TableRow[] }>(
			url,
			cookie,
			`projects/${projectId}/data-tables/${tableId}/rows?skip=${rows.length}&take=250&sortBy=id:asc`,
		);
		rows.push(...page.data);
		if (page.data.length === 0 || rows.length >= page.count) return rows;
	}
}
