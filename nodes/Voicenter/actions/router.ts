import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { forEachConcurrently } from '../helpers/forEachConcurrently';
import { runFacts } from '../helpers/runFacts';
import * as getActiveCalls from './getActiveCalls.operation';
import { readConcurrency } from './options';
import * as recordingState from './recordingState.operation';
import { toolFailureItem, toolFailureMessage, toolSuccessItems } from './toolResult';

/** What the router needs of an operation: read an item's parameters, then send its request. */
interface Operation<Prepared> {
	prepare(context: IExecuteFunctions, itemIndex: number): Prepared;
	execute(context: IExecuteFunctions, prepared: Prepared, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/** What a failed item carries: what was asked, and anything known of the outcome. */
	summary(context: IExecuteFunctions, prepared: Prepared, outcome: IDataObject): IDataObject;
	/** Whether the item reads Active Calls, which sets the default Concurrency (options.ts). */
	readsActiveCalls(prepared: Prepared): boolean;
}

const recordingOperation = (operation: recordingState.RecordingOperation): Operation<recordingState.RecordingStateRequest> => ({
	prepare: (context, itemIndex) => recordingState.prepare(context, itemIndex, operation),
	execute: recordingState.execute,
	summary: recordingState.summary,
	readsActiveCalls: recordingState.readsActiveCalls,
});

const OPERATIONS: Record<string, Operation<unknown>> = {
	mute: recordingOperation('mute') as Operation<unknown>,
	unmute: recordingOperation('unmute') as Operation<unknown>,
	getActiveCalls: getActiveCalls as Operation<unknown>,
};

type Outcome = { ok: true; json: IDataObject[] } | { ok: false; error: Error; json: IDataObject };

/** The fields a worded Voicenter error carries for the failed item's output (ErrorCode, ActionID, …). */
function outcomeOf(error: Error): IDataObject {
	return ((error as { context?: IDataObject }).context?.outputFields as JsonObject | undefined) ?? {};
}

function failedItemJson(error: Error, base: IDataObject): IDataObject {
	const json: IDataObject = { ...base, error: error.message };
	const { description } = error as { description?: unknown };
	if (typeof description === 'string' && description !== '') json.description = description;
	return { ...json, ...outcomeOf(error) };
}

/**
 * n8n moves an item to the error output only when its json holds nothing but `error` (the rule of
 * n8n 1.x and 2.x alike; an item carrying an error object is flattened to its message). So there,
 * everything known of the failure, the audit record included, travels inside `error`.
 */
function forErrorOutput(json: IDataObject): IDataObject {
	const { error, ...details } = json;
	return { error: { message: error, ...details } };
}

function asNodeOutput(outcome: Outcome, errorOutput: boolean): IDataObject[] {
	if (outcome.ok) return outcome.json;
	return [errorOutput ? forErrorOutput(outcome.json) : outcome.json];
}

/**
 * A model reads only the tool's main output: a failure sent to the error output would reach it as
 * an empty answer, so as a tool every outcome stays on the main output, worded.
 */
function asToolResult(operationName: string, outcome: Outcome): IDataObject[] {
	return outcome.ok ? toolSuccessItems(operationName, outcome.json) : [toolFailureItem(outcome.json)];
}

/**
 * Walks the items: every item's parameters are checked before any request is sent, then the
 * requests go out concurrently. Output follows input order; each item's results are paired to it.
 * Without Continue On Fail the first failure stops new requests and fails the node once the
 * requests already in flight have settled.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const { errorOutput, asTool } = runFacts(this);
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = OPERATIONS[operationName];
	if (operation === undefined) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`);
	}

	/** As a tool, a failure's message starts with what did not happen, whether it is thrown or continued. */
	const failure = (error: Error): Error => {
		if (asTool) error.message = toolFailureMessage(operationName, error.message);
		return error;
	};

	const outcomes: Outcome[] = new Array(items.length);
	const prepared: unknown[] = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			prepared[i] = operation.prepare(this, i);
		} catch (error) {
			outcomes[i] = { ok: false, error: failure(error), json: failedItemJson(error, { operation: operationName }) };
		}
	}

	let failed = !continueOnFail && outcomes.some((outcome) => !outcome.ok);
	await forEachConcurrently(
		items.length,
		readConcurrency(this, prepared.some((request, i) => outcomes[i] === undefined && operation.readsActiveCalls(request))),
		async (i) => {
			if (outcomes[i] !== undefined) return;
			try {
				const result = await operation.execute(this, prepared[i], i);
				outcomes[i] = { ok: true, json: Array.isArray(result) ? result : [result] };
			} catch (error) {
				failed = true;
				failure(error);
				const summary = operation.summary(this, prepared[i], outcomeOf(error));
				outcomes[i] = { ok: false, error, json: failedItemJson(error, summary) };
			}
		},
		() => continueOnFail || !failed,
	);

	if (!continueOnFail) {
		const firstFailure = outcomes.find((outcome) => outcome !== undefined && !outcome.ok);
		if (firstFailure !== undefined && !firstFailure.ok) throw firstFailure.error;
	}

	return [
		items.flatMap((_, i) => {
			const outcome = outcomes[i];
			if (outcome === undefined) {
				throw new NodeOperationError(this.getNode(), `Item ${i} was not processed`, { itemIndex: i });
			}
			const jsons = asTool ? asToolResult(operationName, outcome) : asNodeOutput(outcome, errorOutput);
			return jsons.map((json) => ({ json, pairedItem: { item: i } }));
		}),
	];
}
