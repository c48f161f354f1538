/**
 * Which n8n the kit is installed into. Neither major tells its version to an API key: n8n 2.x has
 * Data Tables in its public API and 1.x has not, and 1.x tells its version to the account the
 * installer signs in with there (ledgerTable.ts).
 */
import type { N8nApi } from './n8nApi';
import { KitRefusal } from './kitRefusal';

export interface N8nVersion {
	major: number;
	/** As n8n says it (1.x, once signed in), or the major alone. */
	text: string;
}

/** The oldest n8n the kit is tested on: Data Tables came in 1.113, and the kit's nodes need 1.123's versions. */
export const OLDEST_N8N = { major: 1, minor: 123, text: '1.123' };

export function parseVersion(text: string): { major: number; minor: number } | undefined {
	const match = /^(\d+)\.(\d+)\.\d+/.exec(text.trim());
	return match === null ? undefined : { major: Number(match[1]), minor: Number(match[2]) };
}

export function isTooOld(version: { major: number; minor: number }): boolean {
	return version.major < OLDEST_N8N.major || (version.major === OLDEST_N8N.major && version.minor < OLDEST_N8N.minor);
}

export function tooOld(text: string): KitRefusal {
	return new KitRefusal(
		`n8n ${text} is too old for the compliance kit`,
		`The kit keeps its pause ledger in an n8n Data Table and needs n8n ${OLDEST_N8N.text} or newer. Update n8n, then run the installer again; nothing was installed.`,
	);
}

/** Reaches n8n's public API with the key, and tells the majors apart. */
export async function reachN8n(api: N8nApi): Promise<N8nVersion> {
	const listed = await api.request({ method: 'GET', path: '/api/v1/workflows', qs: { limit: 1 } }).catch((error: Error) => error);
	if (listed instanceof Error) {
		throw new KitRefusal(`n8n did not answer at ${api.baseUrl}`, `Check the credential's n8n URL: the address you open the editor at (${listed.message}).`);
	}
	if (listed.status === 401) {
		throw new KitRefusal(
			'n8n refused the API key',
			"Create an API key in n8n (Settings → n8n API → Create an API key) and paste it into the installer's credential; nothing was installed.",
		);
	}
	if (listed.status === 404) {
		throw new KitRefusal(
			`No n8n public API at ${api.baseUrl}/api/v1`,
			"Check the credential's n8n URL (the address you open the editor at, without a path). If it is right, n8n's public API is turned off: ask whoever runs n8n to unset N8N_PUBLIC_API_DISABLED. Nothing was installed.",
		);
	}
	const tables = await api.request({ method: 'GET', path: '/api/v1/data-tables', qs: { limit: 1 } });
	return tables.status === 404 ? { major: 1, text: '1.x' } : { major: 2, text: '2.x' };
}
