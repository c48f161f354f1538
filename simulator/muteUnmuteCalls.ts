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
	/** Applies the new state to the given calls: at once, later, never, or inverted. */
	applyState(ivrids: string[], muted: boolean): void;
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

	let ivrids: string[];
	if (field === 'extension') {
		if (!context.store.hasExtension(target)) {
			return { ErrorCode: 400, Message: 'Extension not found' };
		}
		// The calls live now; an extension without live calls is still a valid request.
		ivrids = context.store.callsOf(target).map((call) => call.ivrid);
	} else {
		if (context.store.call(target) === undefined) {
			return { ErrorCode: 400, Message: 'UniqueIvrID not found' };
		}
		ivrids = [target];
	}
	context.applyState(ivrids, muted);

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
