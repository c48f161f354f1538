import type { CallStore } from './callStore';

export interface MuteUnmuteReply {
	ErrorCode: string | number;
	Message: string;
	ActionID?: string;
}

export interface MuteUnmuteContext {
	store: CallStore;
	errorCodeAsNumber: boolean;
	issueActionId(): string;
}

const NOT_VALID = 'Parameters are not valid';

export function invalidParameters(reason: string): MuteUnmuteReply {
	return { ErrorCode: 400, Message: `${NOT_VALID}: ${reason}` };
}

/** MuteUnmuteCalls: validates like Voicenter, then changes the mute state of live calls. */
export function muteUnmuteCalls(
	params: Record<string, unknown>,
	context: MuteUnmuteContext,
): MuteUnmuteReply {
	const hasExtension = params.extension !== undefined;
	const hasIvrid = params.ivrid !== undefined;
	if (hasExtension && hasIvrid) {
		return invalidParameters('send either extension or ivrid, not both');
	}
	if (!hasExtension && !hasIvrid) {
		return invalidParameters('extension or ivrid is required');
	}
	const field = hasExtension ? 'extension' : 'ivrid';
	const target = params[field];
	if (typeof target !== 'string' || target === '') {
		return invalidParameters(`${field} must be a non-empty string`);
	}

	if (params.state === undefined) {
		return invalidParameters('state is required');
	}
	const muted = parseState(params.state);
	if (muted === undefined) {
		return invalidParameters('state must be "1" (mute) or "0" (unmute)');
	}

	if (field === 'extension') {
		if (!context.store.hasExtension(target)) {
			return { ErrorCode: 400, Message: 'Extension not found' };
		}
		// An extension without live calls is still a valid request.
		context.store.setMutedOnExtension(target, muted);
	} else if (!context.store.setMutedOnCall(target, muted)) {
		return { ErrorCode: 400, Message: 'UniqueIvrID not found' };
	}

	return {
		ErrorCode: context.errorCodeAsNumber ? 200 : '200',
		Message: 'Success',
		ActionID: context.issueActionId(),
	};
}

/** "1" mutes, "0" unmutes (the English reference); the JSON numbers are accepted too. */
function parseState(value: unknown): boolean | undefined {
	if (value === '1' || value === 1) return true;
	if (value === '0' || value === 0) return false;
	return undefined;
}
