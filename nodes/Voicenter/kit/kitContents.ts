/**
 * What the compliance kit installs into a user's n8n: its workflows (the files in examples/, the
 * same ones the README shows), the credentials their doors and nodes use, and the pause ledger's
 * Data Table. The examples name each other, their credentials and the table by fixed keys; the
 * installer swaps each key for what it finds or creates in the user's n8n (wireWorkflow.ts).
 */
import agentPauseForm from '../../../examples/agent-pause-form.json';
import aiAgentMcpTools from '../../../examples/ai-agent-mcp-tools.json';
import cdrNotificationToLedger from '../../../examples/cdr-notification-to-ledger.json';
import mcpRecordingTool from '../../../examples/mcp-recording-tool.json';
import muteByExtensionWebhook from '../../../examples/mute-by-extension-webhook.json';
import muteVerifiedWebhook from '../../../examples/mute-verified-webhook.json';
import muteWithAutoResume from '../../../examples/mute-with-auto-resume.json';
import pauseLedgerPostgresSetup from '../../../examples/pause-ledger-postgres-setup.json';
import pauseLedgerPostgres from '../../../examples/pause-ledger-postgres.json';
import pauseLedgerRetention from '../../../examples/pause-ledger-retention.json';
import pauseLedgerSpace from '../../../examples/pause-ledger-space.json';
import pauseLedger from '../../../examples/pause-ledger.json';
import pauseReport from '../../../examples/pause-report.json';
import recordingWatchdog from '../../../examples/recording-watchdog.json';
import unmuteByCallIdGet from '../../../examples/unmute-by-call-id-get.json';
import { DEFAULT_ACCOUNT_TIME_ZONE } from '../helpers/voicenterClock';
import { LEDGER_COLUMNS } from '../ledger/ledgerTypes';
import { DEFAULT_SERVER_URL } from '../transport/serverUrl';

export interface KitNode {
	name: string;
	type: string;
	typeVersion?: number;
	webhookId?: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface KitWorkflowDefinition {
	name: string;
	nodes: KitNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface KitWorkflow {
	/** The example's file name without `.json`: how the installer's output and the docs name it. */
	key: string;
	/** The id the other examples call it by (only the workflows something calls have one). */
	calledAs?: string;
	definition: KitWorkflowDefinition;
	/**
	 * `entry`: started from outside (a webhook, a form, a schedule, Voicenter), active once its
	 * secrets are in; `called`: run only by the others (n8n 2.x calls a published version only).
	 */
	role: 'entry' | 'called';
	/** The oldest n8n major that runs it (the agent's form signs agents in with their n8n account: 2.x). */
	sinceMajor: number;
	/** What it waits for before it is of use, in the user's words. */
	waitsFor: string;
	/**
	 * Nodes whose parameters are the user's settings: an upgrade keeps what the installed
	 * workflow has in them.
	 */
	settingsNodes?: string[];
	/** Installed only when the ledger is kept there. */
	onlyFor?: LedgerStorage;
	/** What is installed instead when the ledger is kept in the user's PostgreSQL. */
	onPostgres?: KitWorkflowDefinition;
}

/** Where the pause ledger keeps its entries: an n8n Data Table, or a table in the user's own PostgreSQL. */
export type LedgerStorage = 'dataTable' | 'postgres';

/** The key the examples give the installer's own credential (the n8n API key), which the space check uses too. */
export const INSTALLER_CREDENTIAL_KEY = 'voicenter-kit-installer';

/** The table the ledger's Data Table nodes use, and the key the examples give it. */
export const LEDGER_TABLE = { name: 'Voicenter pause ledger', key: 'PAUSE_LEDGER_TABLE_ID', columns: LEDGER_COLUMNS };

/** The ledger's table in the user's PostgreSQL (public schema), as the PostgreSQL examples name it. */
export const POSTGRES_LEDGER_TABLE = 'voicenter_pause_ledger';

/**
 * The ledger's and the MCP tool's ids in their example files, by which the other examples call
 * them: kept by n8n's CLI import, swapped by the installer for the ids n8n gives them.
 */
export const PAUSE_LEDGER_CALLED_AS = 'VcPauseLedger001';
export const MCP_RECORDING_TOOL_CALLED_AS = 'VcMcpRecordTool1';

const asDefinition = (json: unknown): KitWorkflowDefinition => json as KitWorkflowDefinition;

/** In the order they are installed: a workflow comes after the ones it calls. */
export const KIT_WORKFLOWS: KitWorkflow[] = [
	{
		key: 'pause-ledger-postgres-setup',
		definition: asDefinition(pauseLedgerPostgresSetup),
		role: 'called',
		sinceMajor: 1,
		waitsFor: "Nothing: the installer runs it to create the ledger's table in your PostgreSQL.",
		onlyFor: 'postgres',
	},
	{
		key: 'pause-ledger',
		calledAs: PAUSE_LEDGER_CALLED_AS,
		definition: asDefinition(pauseLedger),
		onPostgres: asDefinition(pauseLedgerPostgres),
		role: 'called',
		sinceMajor: 1,
		waitsFor: 'Nothing: the other workflows call it.',
		settingsNodes: ['Ledger settings'],
	},
	{
		key: 'mcp-recording-tool',
		calledAs: MCP_RECORDING_TOOL_CALLED_AS,
		definition: asDefinition(mcpRecordingTool),
		role: 'called',
		sinceMajor: 1,
		waitsFor: 'Nothing: the MCP server workflow calls it.',
	},
	{
		key: 'mute-by-extension-webhook',
		definition: asDefinition(muteByExtensionWebhook),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Your CRM, signing its requests with the CRM request passphrase.',
	},
	{
		key: 'unmute-by-call-id-get',
		definition: asDefinition(unmuteByCallIdGet),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Your CRM, signing its requests with the CRM request passphrase.',
	},
	{
		key: 'mute-verified-webhook',
		definition: asDefinition(muteVerifiedWebhook),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Your CRM, signing its requests with the CRM request passphrase.',
	},
	{
		key: 'mute-with-auto-resume',
		definition: asDefinition(muteWithAutoResume),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Your CRM, signing its requests (and its resume) with the CRM request passphrase.',
	},
	{
		key: 'agent-pause-form',
		definition: asDefinition(agentPauseForm),
		role: 'entry',
		sinceMajor: 2,
		waitsFor: "Your agents' n8n accounts, and their extensions in the node Agents and their extensions.",
		settingsNodes: ['Agents and their extensions'],
	},
	{
		key: 'recording-watchdog',
		definition: asDefinition(recordingWatchdog),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'The Voicenter API token; it then reads Active Calls every minute.',
		settingsNodes: ['Voicenter Trigger'],
	},
	{
		key: 'ai-agent-mcp-tools',
		definition: asDefinition(aiAgentMcpTools),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'MCP clients, sending the MCP client token.',
	},
	{
		key: 'cdr-notification-to-ledger',
		definition: asDefinition(cdrNotificationToLedger),
		role: 'entry',
		sinceMajor: 1,
		waitsFor:
			"Voicenter's CDR notification: give Voicenter this workflow's production URL, and put Voicenter's sending addresses in its IP allow-list.",
	},
	{
		key: 'pause-report',
		definition: asDefinition(pauseReport),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Auditors, signing in with the auditor sign-in.',
	},
	{
		key: 'pause-ledger-retention',
		definition: asDefinition(pauseLedgerRetention),
		role: 'entry',
		sinceMajor: 1,
		waitsFor: 'Nothing: it runs every night.',
		settingsNodes: ['Keep pauses for 365 days'],
	},
	{
		key: 'pause-ledger-space',
		definition: asDefinition(pauseLedgerSpace),
		role: 'entry',
		// n8n 1.x's public API has no Data Tables: it cannot read their sizes.
		sinceMajor: 2,
		waitsFor:
			"Nothing: every morning it tells the watchdog's Alert inbox when n8n's Data Tables pass 80 % of their cap (put your n8n's cap in its node if your admin raised it).",
		settingsNodes: ['Every morning at 8', 'Data Table space'],
	},
];

export interface KitCredential {
	/** The id the examples give it. */
	key: string;
	type: string;
	/** Its name in the user's n8n: the secret it holds. */
	name: string;
	/** What it holds until the user types the real secret: never a value anyone knows. */
	placeholder: (random: () => string) => Record<string, string | number | boolean>;
}

/** n8n 1.x's public API wants a passphrase JWT credential's key fields too, empty. */
const passphrase = (random: () => string) => ({ keyType: 'passphrase', secret: random(), privateKey: '', publicKey: '', algorithm: 'HS256' });

export const KIT_CREDENTIALS: KitCredential[] = [
	{
		key: 'voicenter-simulator',
		type: 'voicenterApi',
		name: 'Voicenter API token',
		placeholder: () => ({ baseUrl: DEFAULT_SERVER_URL, apiToken: '', timeZone: DEFAULT_ACCOUNT_TIME_ZONE }),
	},
	{
		key: 'voicenter-crm-jwt',
		type: 'jwtAuth',
		name: 'CRM request passphrase',
		placeholder: passphrase,
	},
	{
		key: 'voicenter-watchdog-jwt',
		type: 'jwtAuth',
		name: 'Watchdog alert passphrase',
		placeholder: passphrase,
	},
	{
		key: 'voicenter-mcp-bearer',
		type: 'httpBearerAuth',
		name: 'MCP client token',
		placeholder: (random) => ({ token: random() }),
	},
	{
		key: 'voicenter-auditor-basic',
		type: 'httpBasicAuth',
		name: 'Auditor sign-in',
		placeholder: (random) => ({ user: 'auditor', password: random() }),
	},
	{
		key: 'voicenter-ledger-postgres',
		type: 'postgres',
		name: 'Pause ledger database',
		placeholder: (random) => ({
			host: 'localhost',
			port: 5432,
			database: 'voicenter',
			user: 'voicenter',
			password: random(),
			ssl: 'disable',
			allowUnauthorizedCerts: false,
			maxConnections: 100,
			// n8n 1.x's public API asks for the SSH tunnel's fields unless it is said to be off.
			sshTunnel: false,
		}),
	},
];

/** What the CDR notification's path ends with in the example: each install gets a secret of its own. */
export const CDR_PATH_EXAMPLE_ENDING = 'local-test-only-2f9c61e0b7a84d1e';
