import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readAccount, readActiveCalls } from '../../transport';
import type { VoicenterAccount } from '../../transport';
import { entriesFromItem, maskNumber, UnreadableItem } from '../entriesFromItem';
import type { EntrySettings, ItemMeaning } from '../entriesFromItem';
import type { LedgerEntry } from '../ledgerTypes';

export const description: INodeProperties[] = [
	{
		displayName: 'Mask Caller Numbers',
		name: 'maskCallerNumbers',
		type: 'boolean',
		default: true,
		description:
			'Whether to keep only the last three digits of each caller number (enough to tell calls apart, too little to call anyone)',
		displayOptions: { show: { operation: ['addEntries'] } },
	},
];

// Active Calls for the calls a mute of an extension reached: a short wait, one retry.
const ACTIVE_CALLS_TIMEOUT_MS = 10_000;
const ACTIVE_CALLS_ATTEMPTS = 2;

/** One entry per call the mute of the extension covered; the entry alone, with why, when Active Calls cannot say. */
async function entriesForExtension(
	context: IExecuteFunctions,
	account: VoicenterAccount,
	extension: string,
	entry: LedgerEntry,
	settings: EntrySettings,
	itemIndex: number,
): Promise<LedgerEntry[]> {
	try {
		const extensions = await readActiveCalls(
			context,
			account,
			{ extension, timeout: ACTIVE_CALLS_TIMEOUT_MS, maxAttempts: ACTIVE_CALLS_ATTEMPTS, subject: `Get Active Calls of extension "${extension}"` },
			itemIndex,
		);
		// The mute covered every call live on the extension then: those muted now, and those that
		// started before it, which a quick resume may already have unmuted.
		const mutedAt = Date.parse(entry.at);
		const covered = extensions
			.flatMap(({ calls }) => calls)
			.filter((call) => call.isMuted || (call.startedAt !== null && Date.parse(call.startedAt) <= mutedAt));
		return covered.map((call) => ({
			...entry,
			callId: call.ivrid,
			callerNumber: entry.callerNumber === '' ? maskNumber(call.callerPhone, settings.maskCallerNumbers) : entry.callerNumber,
		}));
	} catch (error) {
		// The pause happened: it is kept, with the extension and why its calls are not known.
		return [{ ...entry, problem: `the calls muted on the extension are not known: ${(error as Error).message}` }];
	}
}

/** What one item means, or an error naming the item. */
function meaningOf(context: IExecuteFunctions, json: IDataObject, settings: EntrySettings, itemIndex: number): ItemMeaning {
	try {
		return entriesFromItem(json, settings);
	} catch (error) {
		const problem = error instanceof UnreadableItem ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex} cannot go into the pause ledger: ${problem}`, {
			itemIndex,
			description:
				"Send the ledger the items of Voicenter Recording (Mute, Unmute), of the Voicenter Trigger, or Voicenter's CDR notification as it arrives.",
		});
	}
}

async function entriesOf(context: IExecuteFunctions, json: IDataObject, itemIndex: number): Promise<LedgerEntry[]> {
	const account = await readAccount(context, itemIndex);
	const settings: EntrySettings = {
		maskCallerNumbers: context.getNodeParameter('maskCallerNumbers', itemIndex, true) as boolean,
		timeZone: account.timeZone,
	};
	const meaning = meaningOf(context, json, settings, itemIndex);
	if ('entries' in meaning) return meaning.entries;
	return await entriesForExtension(context, account, meaning.callsOfExtension, meaning.entry, settings, itemIndex);
}

/**
 * Turns each item that reached the ledger (a Voicenter Recording item, a Voicenter Trigger event or
 * Voicenter's CDR) into the entries to add to the ledger's table, each paired to its item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			for (const entry of await entriesOf(this, items[i].json, i)) out.push({ json: entry as unknown as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	return [out];
}
