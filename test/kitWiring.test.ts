import { CDR_PATH_EXAMPLE_ENDING, INSTALLER_CREDENTIAL_KEY, KIT_CREDENTIALS, KIT_WORKFLOWS, LEDGER_TABLE, type KitWorkflow, type KitWorkflowDefinition } from '../nodes/Voicenter/kit/kitContents';
import { isTooOld, parseVersion } from '../nodes/Voicenter/kit/n8nVersion';
import { wireWorkflow, type KitIds } from '../nodes/Voicenter/kit/wireWorkflow';

const ids: KitIds = {
	workflows: Object.fromEntries(
		KIT_WORKFLOWS.filter((kit) => kit.calledAs !== undefined).map((kit, index) => [kit.calledAs!, { id: `installedWf${index}`, name: kit.definition.name }]),
	),
	credentials: {
		...Object.fromEntries(KIT_CREDENTIALS.map((credential, index) => [credential.key, { id: `installedCred${index}`, name: credential.name }])),
		[INSTALLER_CREDENTIAL_KEY]: { id: 'theInstallersOwn', name: 'n8n API for the installer' },
	},
	table: { id: 'installedTable', name: LEDGER_TABLE.name },
	cdrPathSecret: 'fresh0secret',
};

const kit = (key: string): KitWorkflow => KIT_WORKFLOWS.find((candidate) => candidate.key === key)!;
const node = (workflow: KitWorkflowDefinition, name: string) => workflow.nodes.find((candidate) => candidate.name === name)!;
const exampleKeys = [...KIT_WORKFLOWS.flatMap((candidate) => candidate.calledAs ?? []), ...KIT_CREDENTIALS.map((credential) => credential.key), INSTALLER_CREDENTIAL_KEY, LEDGER_TABLE.key, CDR_PATH_EXAMPLE_ENDING];

describe('the kit wires its workflows to what the user\'s n8n has', () => {
	test.each(KIT_WORKFLOWS.map((candidate) => [candidate.key, candidate] as const))('%s: no example key is left, every credential is the installed one', (_key, candidate) => {
		const wired = wireWorkflow(candidate, ids);
		const text = JSON.stringify(wired);
		for (const key of exampleKeys) expect(text).not.toContain(key);
		for (const each of wired.nodes) {
			for (const reference of Object.values(each.credentials ?? {})) expect(Object.values(ids.credentials)).toContainEqual(reference);
		}
		expect(Object.keys(wired).sort()).toEqual(['connections', 'name', 'nodes', 'settings']);
	});

	test('a call to the ledger names the installed ledger; its Data Table nodes name the installed table', () => {
		const wired = wireWorkflow(kit('mute-by-extension-webhook'), ids);
		expect(node(wired, 'Pause ledger').parameters!.workflowId).toMatchObject({ value: ids.workflows['VcPauseLedger001'].id });
		const ledger = wireWorkflow(kit('pause-ledger'), ids);
		const tables = ledger.nodes.filter((each) => each.type === 'n8n-nodes-base.dataTable');
		expect(tables).toHaveLength(6);
		for (const table of tables) expect(table.parameters!.dataTableId).toMatchObject({ value: 'installedTable' });
	});

	test("the ledger's PostgreSQL version names the installed database credential, and keeps the id and name the others call it by", () => {
		const ledger = kit('pause-ledger');
		const wired = wireWorkflow({ ...ledger, definition: ledger.onPostgres! }, ids);
		const text = JSON.stringify(wired);
		for (const key of exampleKeys) expect(text).not.toContain(key);
		const storage = wired.nodes.filter((each) => each.type === 'n8n-nodes-base.postgres');
		expect(storage).toHaveLength(4);
		for (const each of storage) expect(each.credentials).toEqual({ postgres: ids.credentials['voicenter-ledger-postgres'] });
		expect(wired.name).toBe(ledger.definition.name);
		expect(ledger.onPostgres!.id).toBe(ledger.definition.id);
	});

	test("the Data Table space check reads the sizes with the installer's own credential", () => {
		const wired = wireWorkflow(kit('pause-ledger-space'), ids);
		expect(node(wired, 'Data Table space').credentials).toEqual({ voicenterKitN8nApi: { id: 'theInstallersOwn', name: 'n8n API for the installer' } });
		expect(kit('pause-ledger-space').sinceMajor).toBe(2);
	});

	test('a new install gets a CDR address of its own', () => {
		const wired = wireWorkflow(kit('cdr-notification-to-ledger'), ids);
		expect(node(wired, 'Voicenter CDR notification').parameters!.path).toBe('voicenter/cdr/fresh0secret');
	});

	test('an upgrade keeps the settings, the addresses, the allow-list and the credentials the user chose', () => {
		const installedRetention = wireWorkflow(kit('pause-ledger-retention'), ids);
		const keep = node(installedRetention, 'Keep pauses for 365 days');
		keep.parameters = { ...keep.parameters, jsonOutput: '={{ { days: 730 } }}' };
		expect(node(wireWorkflow(kit('pause-ledger-retention'), { ...ids, cdrPathSecret: 'other' }, installedRetention), 'Keep pauses for 365 days').parameters!.jsonOutput).toBe('={{ { days: 730 } }}');

		const installedCdr = wireWorkflow(kit('cdr-notification-to-ledger'), ids);
		const trigger = node(installedCdr, 'Voicenter CDR notification');
		trigger.parameters = { ...trigger.parameters, options: { ipWhitelist: '185.138.168.0/24' } };
		trigger.webhookId = 'the-installed-webhook-id';
		const upgraded = node(wireWorkflow(kit('cdr-notification-to-ledger'), { ...ids, cdrPathSecret: 'another' }, installedCdr), 'Voicenter CDR notification');
		expect(upgraded.parameters!.path).toBe('voicenter/cdr/fresh0secret');
		expect(upgraded.parameters!.options).toMatchObject({ ipWhitelist: '185.138.168.0/24' });
		expect(upgraded.webhookId).toBe('the-installed-webhook-id');

		const installedWatchdog = wireWorkflow(kit('recording-watchdog'), ids);
		node(installedWatchdog, 'Resume recording').credentials = { voicenterApi: { id: 'usersOwn', name: 'Voicenter (production)' } };
		node(installedWatchdog, 'Voicenter Trigger').parameters = { ...node(installedWatchdog, 'Voicenter Trigger').parameters, mutedTooLongMinutes: 3 };
		const watchdog = wireWorkflow(kit('recording-watchdog'), ids, installedWatchdog);
		expect(node(watchdog, 'Resume recording').credentials).toEqual({ voicenterApi: { id: 'usersOwn', name: 'Voicenter (production)' } });
		expect(node(watchdog, 'Voicenter Trigger').parameters!.mutedTooLongMinutes).toBe(3);
	});

	test("an upgrade keeps the workflow settings the user chose where the kit sets none, and the kit's own where it does", () => {
		const installed = wireWorkflow(kit('mute-verified-webhook'), ids);
		installed.settings = { ...installed.settings, executionOrder: 'v0', errorWorkflow: 'usersErrorFlow', timezone: 'Europe/London', binaryMode: 'separate' };
		expect(wireWorkflow(kit('mute-verified-webhook'), ids, installed).settings).toEqual({ executionOrder: 'v1', errorWorkflow: 'usersErrorFlow', timezone: 'Europe/London' });
	});

	test('settings nodes named by the kit exist in its workflows (a rename would silently drop the carry-over)', () => {
		for (const candidate of KIT_WORKFLOWS) {
			for (const name of candidate.settingsNodes ?? []) expect(candidate.definition.nodes.map((each) => each.name)).toContain(name);
		}
	});

	test('a workflow is installed after every workflow it calls', () => {
		const seen = new Set<string>();
		for (const candidate of KIT_WORKFLOWS) {
			const text = JSON.stringify(candidate.definition.nodes);
			for (const called of KIT_WORKFLOWS.flatMap((other) => other.calledAs ?? [])) if (text.includes(called)) expect(seen).toContain(called);
			if (candidate.calledAs !== undefined) seen.add(candidate.calledAs);
		}
	});
});

describe('the kit reads the n8n it is installed into', () => {
	test.each([
		['2.41.1', false],
		['1.123.81', false],
		['1.123.0', false],
		['1.122.5', true],
		['1.113.0', true],
		['0.236.3', true],
		['3.0.0', false],
	])('n8n %s too old: %s', (text, tooOld) => {
		expect(isTooOld(parseVersion(text)!)).toBe(tooOld);
	});
});
