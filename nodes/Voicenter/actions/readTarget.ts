import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';

// Voicenter IDs are short (SIP IDs, 18–32 character call IDs); anything far longer is a wrong
// expression, not a target.
const MAX_TARGET_LENGTH = 128;

// Half of a UTF-16 surrogate pair cannot be encoded: it would reach Voicenter as U+FFFD, a
// different target from the one the workflow held.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** C0 controls and DEL (a line break, a tab, NUL…): never part of a target. */
function hasControlCharacter(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

/**
 * Reads the extension or call ID of one item and returns it as Voicenter expects it: text, trimmed.
 * Anything that cannot be a target is refused here, so no request is ever sent with it.
 */
export function readTarget(
	context: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
): string {
	const raw = itemParameter(context, parameterName, itemIndex, '', { extractValue: true });
	const refuse = (why: string) =>
		new NodeOperationError(context.getNode(), `${displayName} ${why} (item ${itemIndex})`, {
			description: `Set "${displayName}" to a value, or an expression such as {{ $json.${parameterName} }} that gives one. No request was sent for this item.`,
			itemIndex,
		});

	let value: string;
	if (typeof raw === 'string') {
		value = raw.trim();
	} else if (typeof raw === 'number' && Number.isFinite(raw)) {
		value = String(raw);
	} else if (raw === undefined || raw === null) {
		throw refuse('is empty');
	} else {
		throw refuse(`must be text or a number, but the value is ${Array.isArray(raw) ? 'an array' : `of type ${typeof raw}`}`);
	}

	if (value === '') {
		throw refuse('is empty');
	}
	if (value.length > MAX_TARGET_LENGTH) {
		throw refuse(`is ${value.length} characters long; at most ${MAX_TARGET_LENGTH} are accepted`);
	}
	if (hasControlCharacter(value)) {
		throw refuse('contains control characters (such as a line break or tab)');
	}
	if (LONE_SURROGATE.test(value)) {
		throw refuse('contains broken Unicode (half of a surrogate pair)');
	}
	return value;
}
