import { accountClockSeconds, DEFAULT_ACCOUNT_TIME_ZONE } from './accountClock';
import type { CallStore } from './callStore';
import type { ExtensionProfile, SimulatedCall, WrongTokenAnswer } from './types';

export interface GetExtensionsCallsReply {
	ERR: number;
	DESC: string;
	EXTENSIONS?: ExtensionEntry[];
}

interface CallEntry {
	/** Epoch seconds on the account's wall clock (not UTC), as Voicenter writes them. */
	callStarted: number;
	/** The same clock; 0 while not answered. */
	callAnswered: number;
	answered: 0 | 1;
	callerphone: string;
	callername: string;
	callstatus: string;
	direction: string;
	ivrid: string;
	recording: { Filename: string; IsMuted: 0 | 1 };
	did: string;
	customdata: Record<string, unknown>;
}

interface ExtensionEntry extends ExtensionProfile {
	calls: CallEntry[];
}

export function invalidRequestFormat(reason: string): GetExtensionsCallsReply {
	return { ERR: 1, DESC: `Invalid request format: ${reason}` };
}

/**
 * GetExtensionsCalls: the live calls per extension, for the holder of the organisation token. Call
 * times are written on the clock of `accountTimeZone`, as Voicenter's servers write them.
 */
export function getExtensionsCalls(
	params: Record<string, unknown>,
	store: CallStore,
	token: string,
	wrongTokenAnswer: WrongTokenAnswer = 'emptyList',
	accountTimeZone: string = DEFAULT_ACCOUNT_TIME_ZONE,
): GetExtensionsCallsReply {
	if (params.code === undefined || params.code === '') {
		return invalidRequestFormat('code is missing');
	}
	if (params.code !== token) {
		return wrongTokenAnswer === 'emptyList'
			? { ERR: 0, DESC: 'OK', EXTENSIONS: [] }
			: { ERR: 1, DESC: 'Authorization failed.' };
	}

	let profiles = store.extensionProfiles();
	if (params.extension !== undefined) {
		const sipId = params.extension;
		if (typeof sipId !== 'string' || sipId === '') {
			return { ERR: 2, DESC: 'Invalid parameters: extension must be a non-empty string' };
		}
		profiles = profiles.filter((profile) => profile.username === sipId);
		if (profiles.length === 0) {
			return { ERR: 2, DESC: `Invalid parameters: extension ${sipId} not found` };
		}
	}

	const callsByExtension = store.callsByExtension();
	const extensions = profiles.map((profile) => ({
		...profile,
		calls: (callsByExtension.get(profile.username) ?? []).map((call) => toCallEntry(call, accountTimeZone)),
	}));
	return { ERR: 0, DESC: 'OK', EXTENSIONS: extensions };
}

function toCallEntry(call: SimulatedCall, accountTimeZone: string): CallEntry {
	return {
		callStarted: accountClockSeconds(call.callStarted, accountTimeZone),
		// 0 means "not answered" on any clock.
		callAnswered: call.callAnswered > 0 ? accountClockSeconds(call.callAnswered, accountTimeZone) : 0,
		answered: call.callAnswered > 0 ? 1 : 0,
		callerphone: call.callerPhone,
		callername: call.callerName,
		callstatus: call.status,
		direction: call.direction,
		ivrid: call.ivrid,
		recording: { Filename: `${call.ivrid}.mp3`, IsMuted: call.isMuted ? 1 : 0 },
		did: call.direction === 'Incoming' ? call.did : '',
		customdata: { ...call.customData },
	};
}
