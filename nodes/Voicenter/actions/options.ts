import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_ATTEMPTS = 10;
const MAX_CONCURRENCY = 1000;

const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items are sent to Voicenter at the same time, up to 1000 (each has its own connection). Output order always follows input order.',
		},
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

/** The Options collection for the given operations: the shared options plus their own. */
export function optionsFor(operations: string[], extra: INodeProperties[] = []): INodeProperties {
	return {
		...optionsDescription,
		displayOptions: { show: { operation: operations } },
		options: [...(optionsDescription.options ?? []), ...extra],
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

/** Concurrency applies to the whole run, so it is read once, from the first item. */
export function readConcurrency(context: IExecuteFunctions): number {
	return readPositiveInteger(context, 'concurrency', 'Concurrency', DEFAULT_CONCURRENCY, 0, MAX_CONCURRENCY);
}
