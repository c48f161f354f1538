import { randomBytes } from 'node:crypto';
import { scaleAccount, type AccountScale } from './scaledAccount';
import { seedState } from './seed';
import type { ExtensionProfile, SimulatedCall } from './types';

/** The account's extensions and live calls; the only mutable Voicenter state. */
export class CallStore {
	private extensions: ExtensionProfile[] = [];
	private liveCalls: SimulatedCall[] = [];
	private issued = 0;

	/** `scale`: a large account's extensions and calls beside the seeded ones (scaledAccount.ts). */
	constructor(private readonly scale?: AccountScale) {
		this.loadSeed();
	}

	loadSeed(): void {
		const nowSeconds = Math.floor(Date.now() / 1000);
		const seed = this.scale === undefined ? seedState(nowSeconds) : scaleAccount(seedState(nowSeconds), this.scale, nowSeconds);
		this.extensions = seed.extensions;
		this.liveCalls = seed.calls;
		this.issued = 0;
	}

	extensionProfiles(): ExtensionProfile[] {
		return this.extensions.map((extension) => ({ ...extension }));
	}

	/**
	 * A new extension without calls, beside the seeded ones until the seed is loaded again. Fields
	 * left out get defaults: numeric IDs one past the highest, a name from the SIP ID, online.
	 */
	addExtension(profile: Partial<ExtensionProfile> & { username: string }): ExtensionProfile {
		if (typeof profile.username !== 'string' || profile.username === '') {
			throw new Error('An extension needs a SIP ID (username)');
		}
		if (this.hasExtension(profile.username)) {
			throw new Error(`Extension "${profile.username}" already exists`);
		}
		const next = (key: 'extensionID' | 'userID' | 'onlineUserID') =>
			Math.max(0, ...this.extensions.map((extension) => extension[key])) + 1;
		const added: ExtensionProfile = {
			name: profile.name ?? `Extension ${profile.username}`,
			username: profile.username,
			extensionID: profile.extensionID ?? next('extensionID'),
			userID: profile.userID ?? next('userID'),
			representative: profile.representative ?? '',
			onlineUserID: profile.onlineUserID ?? next('onlineUserID'),
			onlineUserStatus: profile.onlineUserStatus ?? 1,
		};
		this.extensions.push(added);
		return { ...added };
	}

	hasExtension(sipId: string): boolean {
		return this.extensions.some((extension) => extension.username === sipId);
	}

	/** Copies, so a caller cannot change the state behind the API's back. */
	calls(): SimulatedCall[] {
		return this.liveCalls.map((call) => ({ ...call }));
	}

	callsOf(sipId: string): SimulatedCall[] {
		return this.liveCalls.filter((call) => call.extension === sipId).map((call) => ({ ...call }));
	}

	/** Every extension's calls in one pass (copies): a large centre's Active Calls without reading all calls once per extension. */
	callsByExtension(): Map<string, SimulatedCall[]> {
		const byExtension = new Map<string, SimulatedCall[]>();
		for (const call of this.liveCalls) {
			const calls = byExtension.get(call.extension) ?? [];
			calls.push({ ...call });
			byExtension.set(call.extension, calls);
		}
		return byExtension;
	}

	call(ivrid: string): SimulatedCall | undefined {
		const found = this.liveCalls.find((call) => call.ivrid === ivrid);
		return found === undefined ? undefined : { ...found };
	}

	setMutedOnCall(ivrid: string, muted: boolean): boolean {
		const found = this.liveCalls.find((call) => call.ivrid === ivrid);
		if (found === undefined) return false;
		found.isMuted = muted;
		return true;
	}

	addCall(sipId: string, partial: Partial<SimulatedCall> = {}): SimulatedCall {
		if (!this.hasExtension(sipId)) {
			throw new Error(`Unknown extension "${sipId}"`);
		}
		if (
			partial.ivrid !== undefined &&
			this.liveCalls.some((call) => call.ivrid === partial.ivrid)
		) {
			throw new Error(`A live call with ivrid "${partial.ivrid}" already exists`);
		}
		const now = Math.floor(Date.now() / 1000);
		const status = partial.status ?? 'Talking';
		const notAnswered = status === 'Ringing' || status === 'Dialing';
		const call: SimulatedCall = {
			ivrid: partial.ivrid ?? this.freshIvrid(),
			extension: sipId,
			isMuted: partial.isMuted ?? false,
			callerPhone: partial.callerPhone ?? `05${randomDigits(8)}`,
			callerName: partial.callerName ?? '',
			did: partial.did ?? '',
			customData: partial.customData ?? {},
			direction: partial.direction ?? 'Incoming',
			status,
			callStarted: partial.callStarted ?? now,
			callAnswered: partial.callAnswered ?? (notAnswered ? 0 : now),
		};
		this.liveCalls.push(call);
		return { ...call };
	}

	endCall(ivrid: string): boolean {
		const before = this.liveCalls.length;
		this.liveCalls = this.liveCalls.filter((call) => call.ivrid !== ivrid);
		return this.liveCalls.length !== before;
	}

	/** Call IDs of every shape Voicenter issues, in turn (see IVRID_SHAPES). */
	private freshIvrid(): string {
		for (;;) {
			const shape = IVRID_SHAPES[this.issued++ % IVRID_SHAPES.length];
			const ivrid = shape(new Date());
			if (!this.liveCalls.some((call) => call.ivrid === ivrid)) return ivrid;
		}
	}
}

const hex = (count: number) => randomBytes(Math.ceil(count / 2)).toString('hex').slice(0, count);
const stamp = (now: Date, length: number) => now.toISOString().replace(/\D/g, '').slice(0, length);
const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const mixedCase = (count: number) => Array.from(randomBytes(count), (byte) => LETTERS_AND_DIGITS[byte % LETTERS_AND_DIGITS.length]).join('');

/**
 * The shapes of Voicenter's call IDs: no fixed length, case or alphabet, e.g.
 * 2020101201cc7b38df, 2020072818dcDHFJcc804, 20220916103546022555eb61e755c08a, 1bcd7954224861f85a2d70612f2.
 */
export const IVRID_SHAPES: Array<(now: Date) => string> = [
	(now) => `${stamp(now, 10)}${hex(8)}`,
	(now) => `${stamp(now, 10)}${mixedCase(11)}`,
	(now) => `${stamp(now, 17)}${hex(15)}`,
	() => hex(27),
];

function randomDigits(count: number): string {
	return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}
