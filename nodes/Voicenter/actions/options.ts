import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Mute and Unmute requests, left at the default, all go out at once, as n8n's HTTP Request node
 * sends its items: it is what keeps a bulk run as fast as that node (docs/performance.md). Items
 * that read Active Calls (Get Active Calls, Verify, Caller Number) keep a gentle 10, because
 * Voicenter asks callers not to poll it fast; no limit is documented for MuteUnmuteCalls.
 */
export const DEFAULT_CONCURRENCY = 1000;
export const ACTIVE_CALLS_DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_ATTEMPTS = 10;
const MAX_CONCURRENCY = 1000;

const concurrencyField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
	default: DEFAULT_CONCURRENCY,
	description:
		"How many items are sent to Voicenter at the same time, up to 1000, each on its own connection. Without this option every item goes out at once, as n8n's HTTP Request node sends them, except when items also read Active Calls (Verify, Caller Number): then 10 at a time. Output order always follows input order.",
};

const gentleConcurrencyField: INodeProperties = {
	...concurrencyField,
	default: ACTIVE_CALLS_DEFAULT_CONCURRENCY,
	description:
		'How many items read Active Calls at the same time, up to 1000. Voicenter asks callers not to poll it fast, so the default is 10. Output order always follows input order.',
};

const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_ATTEMPTS, numberPrecision: 0 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				"Attempts in all for one request, 1 = no retry. Only transient failures are sent again (refused or reset connection, timeout, HTTP 429/502/503/504), after a short, growing pause; Voicenter's own refusals never are.",
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Milliseconds to wait for Voicenter to answer one request. An item that times out fails: its recording state is then unknown.',
		},
	],
};

/**
 * The Options collection for the given operations: Concurrency, the shared options and their own.
 * `readsActiveCalls`: every item of these operations reads Active Calls (its Concurrency default is the gentle one).
 */
export function optionsFor(operations: string[], extra: INodeProperties[] = [], readsActiveCalls = false): INodeProperties {
	return {
		...optionsDescription,
		displayOptions: { show: { operation: operations } },
		// n8n's lint wants a collection's options in alphabetical order.
		options: [readsActiveCalls ? gentleConcurrencyField : concurrencyField, ...(optionsDescription.options ?? []), ...extra].sort((a, b) =>
			(a as INodeProperties).displayName.localeCompare((b as INodeProperties).displayName),
		),
	};
}

export function readPositiveInteger(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	fallback: number,
	itemIndex: number,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const value = itemParameter(context, `options.${name}`, itemIndex, fallback);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
		throw new NodeOperationError(
			context.getNode(),
			`Option "${displayName}" must be a whole number from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max} (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return value;
}

export function readTimeout(context: IExecuteFunctions, itemIndex: number): number {
	return readPositiveInteger(context, 'timeout', 'Timeout', DEFAULT_TIMEOUT_MS, itemIndex);
}

export function readMaxAttempts(context: IExecuteFunctions, itemIndex: number): number {
	return readPositiveInteger(context, 'maxAttempts', 'Max Attempts', DEFAULT_MAX_ATTEMPTS, itemIndex, MAX_ATTEMPTS);
}

/**
 * Concurrency applies to the whole run, so it is read once, from the first item. A value the
 * workflow set is kept; left out, it depends on whether the run's items read Active Calls.
 */
export function readConcurrency(context: IExecuteFunctions, readsActiveCalls: boolean): number {
	const fallback = readsActiveCalls ? ACTIVE_CALLS_DEFAULT_CONCURRENCY : DEFAULT_CONCURRENCY;
	return readPositiveInteger(context, 'concurrency', 'Concurrency', fallback, 0, MAX_CONCURRENCY);
}
