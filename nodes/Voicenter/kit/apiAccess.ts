/**
 * Checks, before anything is written, that the API key opens every door the install goes through:
 * each is asked something that changes nothing (a workflow that does not exist, an empty body
 * n8n refuses), and only a 401 or 403 means the key cannot. A key short of one scope stops the
 * install before it begins, so nothing is left half-installed.
 */
import type { N8nApi, N8nRequest } from './n8nApi';
import { KitRefusal } from './kitRefusal';
import type { N8nVersion } from './n8nVersion';

const NO_SUCH_ID = 'voicenterKitNoSuchId';

interface Door {
	scope: string;
	request: N8nRequest;
	sinceMajor?: number;
}

const DOORS: Door[] = [
	{ scope: 'workflow:list', request: { method: 'GET', path: '/api/v1/workflows', qs: { limit: 1 } } },
	{ scope: 'workflow:read', request: { method: 'GET', path: `/api/v1/workflows/${NO_SUCH_ID}` } },
	{ scope: 'workflow:create', request: { method: 'POST', path: '/api/v1/workflows', body: {} } },
	{ scope: 'workflow:update', request: { method: 'PUT', path: `/api/v1/workflows/${NO_SUCH_ID}`, body: {} } },
	{ scope: 'workflow:activate', request: { method: 'POST', path: `/api/v1/workflows/${NO_SUCH_ID}/activate` } },
	{ scope: 'workflow:delete', request: { method: 'DELETE', path: `/api/v1/workflows/${NO_SUCH_ID}` } },
	{ scope: 'credential:create', request: { method: 'POST', path: '/api/v1/credentials', body: {} } },
	{ scope: 'credential:delete', request: { method: 'DELETE', path: `/api/v1/credentials/${NO_SUCH_ID}` } },
	{ scope: 'dataTable:list', request: { method: 'GET', path: '/api/v1/data-tables', qs: { limit: 1 } }, sinceMajor: 2 },
	{ scope: 'dataTable:create', request: { method: 'POST', path: '/api/v1/data-tables', body: {} }, sinceMajor: 2 },
	{ scope: 'dataTable:readColumn', request: { method: 'GET', path: `/api/v1/data-tables/${NO_SUCH_ID}/columns` }, sinceMajor: 2 },
	{ scope: 'dataTable:writeColumn', request: { method: 'POST', path: `/api/v1/data-tables/${NO_SUCH_ID}/columns`, body: {} }, sinceMajor: 2 },
	{ scope: 'dataTable:delete', request: { method: 'DELETE', path: `/api/v1/data-tables/${NO_SUCH_ID}` }, sinceMajor: 2 },
];

const refused = (status: number) => status === 401 || status === 403;

export async function checkApiAccess(api: N8nApi, version: N8nVersion): Promise<void> {
	const missing: string[] = [];
	for (const door of DOORS.filter((candidate) => version.major >= (candidate.sinceMajor ?? 1))) {
		if (refused((await api.request(door.request)).status)) missing.push(door.scope);
	}
	if (missing.length > 0) {
		throw new KitRefusal(
			`The API key lacks the scopes ${missing.join(', ')}`,
			`Create a key with every workflow, credential and data table scope (or without choosing scopes) and paste it into the installer's credential; nothing was installed.`,
		);
	}
}
