import type { IExecuteFunctions, IGetNodeParameterOptions, INodeParameters } from 'n8n-workflow';

import { runFacts } from './runFacts';

/** Whether a saved parameter value holds an expression anywhere (n8n marks one with a leading "="). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

function savedValue(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

// One map per run of the node (one context per run), as in runFacts.
const readsByContext = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

/**
 * One item's value of a parameter, read through n8n's getNodeParameter. A parameter whose saved
 * value holds no expression has the same value for every item, so its text, number or boolean is
 * read once per run and reused: n8n's read copies, resolves and type-checks it again for each
 * item, which showed in profiles at 1,000 items. A parameter with an expression is resolved for
 * each item, as always; a read that fails is never reused (each item reports its own error).
 */
export function itemParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): unknown {
	if (holdsExpression(savedValue(runFacts(context).parameters, name))) {
		return context.getNodeParameter(name, itemIndex, fallback, options);
	}
	let reads = readsByContext.get(context);
	if (reads === undefined) {
		reads = new Map();
		readsByContext.set(context, reads);
	}
	if (reads.has(name)) return reads.get(name);
	const value: unknown = context.getNodeParameter(name, itemIndex, fallback, options);
	if (value === null || typeof value !== 'object') reads.set(name, value);
	return value;
}
