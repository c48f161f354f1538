import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { forEachConcurrently } from '../helpers/forEachConcurrently';
import { readConcurrency } from './options';
import * as recordingState from './recordingState.operation';
import type { RecordingOperation } from './recordingState.operation';

type Prepared = recordingState.RecordingStateRequest;
type Outcome = { ok: true; json: IDataObject } | { ok: false; error: Error; json: IDataObject };

function failedItemJson(error: Error, base: IDataObject): IDataObject {
	const json: IDataObject = { ...base, error: error.message };
	const { description, context } = error as { description?: unknown; context?: IDataObject };
	if (typeof description === 'string' && description !== '') json.description = description;
	const answer = context?.voicenterAnswer as JsonObject | undefined;
	return answer ? { ...json, ...answer } : json;
}

/**
 * Walks the items: every item's parameters are checked before any request is sent, then the
 * requests go out concurrently. Exactly one output item per input item, in input order.
 * Without Continue On Fail the first failure stops new requests and fails the node once the
 * requests already in flight have settled.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const operation = this.getNodeParameter('operation', 0) as RecordingOperation;
	if (!(operation in recordingState.STATE_BY_OPERATION)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}

	const outcomes: Outcome[] = new Array(items.length);
	const prepared: Array<Prepared | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = recordingState.prepare(this, i, operation);
		} catch (error) {
			outcomes[i] = { ok: false, error, json: failedItemJson(error, { operation }) };
		}
	}

	let failed = !continueOnFail && outcomes.some((outcome) => !outcome.ok);
	await forEachConcurrently(
		items.length,
		readConcurrency(this),
		async (i) => {
			const request = prepared[i];
			if (request === undefined) return;
			try {
				outcomes[i] = { ok: true, json: await recordingState.execute(this, request, i) };
			} catch (error) {
				failed = true;
				outcomes[i] = { ok: false, error, json: failedItemJson(error, recordingState.summary(request)) };
			}
		},
		() => continueOnFail || !failed,
	);

	if (!continueOnFail) {
		const firstFailure = outcomes.find((outcome) => outcome !== undefined && !outcome.ok);
		if (firstFailure !== undefined && !firstFailure.ok) throw firstFailure.error;
	}

	return [
		items.map((_, i) => {
			const outcome = outcomes[i];
			if (outcome === undefined) {
				throw new NodeOperationError(this.getNode(), `Item ${i} was not processed`, { itemIndex: i });
			}
			return { json: outcome.json, pairedItem: { item: i } };
		}),
	];
}
