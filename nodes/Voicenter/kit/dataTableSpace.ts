/**
 * How full n8n's Data Tables are. n8n refuses every write once all its tables together reach its
 * cap (N8N_DATA_TABLES_MAX_SIZE_BYTES), the pause ledger's included, and says it is near only in
 * its editor. n8n 2.x's public API gives each table's size; the cap is n8n's setting, which no API
 * tells, so the user says it (n8n's default unless their admin raised it).
 */
import type { IDataObject } from 'n8n-workflow';

import { LEDGER_TABLE } from './kitContents';
import { expectOk, type N8nApi } from './n8nApi';

/** n8n 2.x's cap on all Data Tables together, unless N8N_DATA_TABLES_MAX_SIZE_BYTES says otherwise. */
export const N8N_DEFAULT_CAP_MB = 200;
const MB = 1024 * 1024;

export interface TableSize {
	name: string;
	sizeBytes: number;
}

export interface SpaceReport extends IDataObject {
	/** ok below the warning, warn from it, full at the cap (n8n refuses every write). */
	state: 'ok' | 'warn' | 'full';
	usedBytes: number;
	capBytes: number;
	usedPercent: number;
	warnAtPercent: number;
	ledgerBytes: number;
	tables: number;
	message: string;
}

const mb = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

/** The state of the tables against the cap, and a sentence a person acts on. */
export function spaceReport(sizes: readonly TableSize[], capBytes: number, warnAtPercent: number): SpaceReport {
	const usedBytes = sizes.reduce((sum, table) => sum + table.sizeBytes, 0);
	const ledgerBytes = sizes.find((table) => table.name.toLowerCase() === LEDGER_TABLE.name.toLowerCase())?.sizeBytes ?? 0;
	const usedPercent = Math.round((usedBytes / capBytes) * 1000) / 10;
	const state = usedBytes >= capBytes ? 'full' : usedPercent >= warnAtPercent ? 'warn' : 'ok';
	const held = `n8n's Data Tables hold ${mb(usedBytes)} of the ${mb(capBytes)} n8n allows (${usedPercent} %), the pause ledger ${mb(ledgerBytes)} of it.`;
	const act =
		'Raise N8N_DATA_TABLES_MAX_SIZE_BYTES (and this check\'s Data Table Cap), keep fewer days in the ledger (the retention workflow), or move the ledger to PostgreSQL (the installer\'s Pause Ledger Storage).';
	const message =
		state === 'full'
			? `${held} n8n now refuses every ledger write: pauses are NOT being recorded. ${act}`
			: state === 'warn'
				? `${held} At 100 % n8n refuses every ledger write. ${act}`
				: held;
	return { state, usedBytes, capBytes, usedPercent, warnAtPercent, ledgerBytes, tables: sizes.length, message };
}

/** Every Data Table the API key's user sees, with its size (n8n 2.x's public API, a page of 250 at a time). */
export async function readTableSizes(api: N8nApi): Promise<TableSize[]> {
	const sizes: TableSize[] = [];
	let cursor: string | undefined;
	do {
		const body = (await expectOk(api, { method: 'GET', path: '/api/v1/data-tables', qs: { limit: 250, ...(cursor === undefined ? {} : { cursor }) } }, 'Listing Data Tables')) as {
			data?: Array<{ name?: unknown; sizeBytes?: unknown }>;
			nextCursor?: string | null;
		};
		for (const table of body.data ?? []) sizes.push({ name: String(table.name ?? ''), sizeBytes: Number(table.sizeBytes ?? 0) || 0 });
		cursor = body.nextCursor ?? undefined;
	} while (cursor !== undefined);
	return sizes;
}

export const capBytesOf = (capMb: number) => Math.round(capMb * MB);
