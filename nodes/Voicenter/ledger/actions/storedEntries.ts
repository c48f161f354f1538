import type { INodeExecutionData } from 'n8n-workflow';

import type { LedgerEntry, StoredEntry } from '../ledgerTypes';
import { LEDGER_COLUMNS } from '../ledgerTypes';

function iso(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/**
 * The ledger's entries among the items a Data Table read gave (an empty read gives one empty item,
 * which is left out), each in the shape it was written in: n8n hands dates back as Date objects
 * or strings, and booleans as booleans or 0/1, depending on its version and database.
 */
export function storedEntries(items: INodeExecutionData[]): StoredEntry[] {
	const entries: StoredEntry[] = [];
	for (const { json } of items) {
		const id = Number(json.id);
		if (json.id === undefined || json.id === null || !Number.isFinite(id) || typeof json.kind !== 'string') continue;
		const entry: Record<string, unknown> = { id, createdAt: iso(json.createdAt) ?? undefined };
		for (const { name, type } of LEDGER_COLUMNS) {
			const value = json[name];
			if (type === 'date') entry[name] = iso(value);
			else if (type === 'boolean') entry[name] = value === null || value === undefined || value === '' ? null : value === true || value === 1 || value === 'true';
			else entry[name] = text(value);
		}
		entries.push(entry as unknown as LedgerEntry & { id: number });
	}
	return entries;
}
