import { randomBytes } from 'node:crypto';
import { seedState } from './seed';
import type { ExtensionProfile, SimulatedCall } from './types';

/** The account's extensions and live calls; the only mutable Voicenter state. */
export class CallStore {
	private extensions: ExtensionProfile[] = [];
	private liveCalls: SimulatedCall[] = [];

	constructor() {
		this.loadSeed();
	}

	loadSeed(): void {
		const seed = seedState();
		this.extensions = seed.extensions;
		this.liveCalls = seed.calls;
	}

	extensionProfiles(): ExtensionProfile[] {
		return this.extensions.map((extension) => ({ ...extension }));
	}

	hasExtension(sipId: string): boolean {
		return this.extensions.some((extension) => extension.username === sipId);
	}

	/** Copies, so a caller cannot change the state behind the API's back. */
	calls(): SimulatedCall[] {
		return this.liveCalls.map((call) => ({ ...call }));
	}

	callsOf(sipId: string): SimulatedCall[] {
		return this.calls().filter((call) => call.extension === sipId);
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

	/** Voicenter's shape: date (YYYYMMDD), two digits, eight hex digits — 18 characters. */
	private freshIvrid(): string {
		const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
		for (;;) {
			const ivrid = `${date}01${randomBytes(4).toString('hex')}`;
			if (!this.liveCalls.some((call) => call.ivrid === ivrid)) return ivrid;
		}
	}
}

function randomDigits(count: number): string {
	return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}
