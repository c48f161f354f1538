/**
 * The pause ledger's Data Table in the user's n8n: found by name, created with its columns, given
 * the columns a newer kit adds (none is ever removed or retyped: the rows stay). n8n 2.x's public
 * API has Data Tables; n8n 1.x's has not, so there the installer signs in and uses the REST API
 * the editor uses, in the owner's personal project.
 */
import { expectOk, type N8nApi, type N8nRequest } from './n8nApi';
import { KitRefusal } from './kitRefusal';
import { isTooOld, parseVersion, tooOld } from './n8nVersion';

export interface Column {
	name: string;
	type: string;
}

export interface TableFound {
	id: string;
	columns: string[];
}

export interface DataTables {
	find(name: string): Promise<TableFound | undefined>;
	create(name: string, columns: readonly Column[]): Promise<string>;
	addColumn(tableId: string, column: Column): Promise<void>;
	remove(tableId: string): Promise<void>;
}

/** What a list answer holds: `{ data: [...] }`, `{ data: { data: [...] } }` or a bare array. */
function listed<T>(body: unknown): T[] {
	let current = body;
	for (let depth = 0; depth < 3 && !Array.isArray(current); depth++) current = (current as { data?: unknown } | undefined)?.data;
	return Array.isArray(current) ? (current as T[]) : [];
}

function dataOf<T>(body: unknown): T {
	const wrapped = body as { data?: T };
	return (wrapped !== null && typeof wrapped === 'object' && 'data' in wrapped ? wrapped.data : body) as T;
}

/** Under `base`, both majors lay a table's resources out alike; only the address and the session differ. */
function tablesAt(api: N8nApi, base: string, access: Partial<N8nRequest>): DataTables {
	const call = async (request: N8nRequest, what: string) => await expectOk(api, { ...access, ...request }, what);
	return {
		async find(name) {
			const tables = listed<{ id: string; name: string }>(await call({ method: 'GET', path: base, qs: { limit: 250 } }, 'Listing Data Tables'));
			const table = tables.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
			if (table === undefined) return undefined;
			const columns = listed<{ name: string }>(await call({ method: 'GET', path: `${base}/${table.id}/columns` }, `Reading the columns of ${name}`));
			return { id: table.id, columns: columns.map((column) => column.name) };
		},
		async create(name, columns) {
			return dataOf<{ id: string }>(await call({ method: 'POST', path: base, body: { name, columns } }, `Creating the Data Table ${name}`)).id;
		},
		async addColumn(tableId, column) {
			await call({ method: 'POST', path: `${base}/${tableId}/columns`, body: column }, `Adding the column ${column.name}`);
		},
		async remove(tableId) {
			await call({ method: 'DELETE', path: `${base}/${tableId}` }, 'Removing the Data Table');
		},
	};
}

export function publicApiTables(api: N8nApi): DataTables {
	return tablesAt(api, '/api/v1/data-tables', {});
}

/** n8n 1.x: signs in with the credential's account (which also learns n8n's version), then the personal project's tables. */
export async function signedInTables(api: N8nApi, email: string, password: string): Promise<DataTables> {
	if (email === '' || password === '') {
		throw new KitRefusal(
			"n8n 1.x's public API cannot create Data Tables",
			"Fill in the installer credential's Sign-in Email and Password (an owner or admin of this n8n; used once, to create the pause ledger's table), or update to n8n 2.x; nothing was installed.",
		);
	}
	const login = await api.request({ method: 'POST', path: '/rest/login', body: { emailOrLdapLoginId: email, email, password }, withApiKey: false });
	const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
	const session = cookies.map((cookie) => cookie.split(';')[0]).find((cookie) => cookie.startsWith('n8n-auth='));
	if (login.status === 429) {
		// n8n takes 5 sign-ins a minute from one address.
		throw new KitRefusal(`n8n refused the sign-in of ${email}: too many sign-ins in the last minute`, 'Wait a minute, then run the installer again; nothing was installed.');
	}
	if (login.status !== 200 || session === undefined) {
		throw new KitRefusal(
			`n8n refused the sign-in of ${email}`,
			"Check the installer credential's Sign-in Email and Password (an owner or admin of this n8n; an account with two-factor sign-in cannot be used here); nothing was installed.",
		);
	}
	const access = { withApiKey: false, cookie: session };
	const settings = dataOf<{ versionCli?: unknown }>((await api.request({ method: 'GET', path: '/rest/settings', ...access })).body);
	const version = typeof settings?.versionCli === 'string' ? parseVersion(settings.versionCli) : undefined;
	if (version === undefined || isTooOld(version)) throw tooOld(String(settings?.versionCli ?? 'of this age'));
	const project = dataOf<{ id: string }>(await expectOk(api, { method: 'GET', path: '/rest/projects/personal', ...access }, 'Reading your personal project'));
	return tablesAt(api, `/rest/projects/${project.id}/data-tables`, access);
}
