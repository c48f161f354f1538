/**
 * A large contact centre's account for the simulator: `extensions` more extensions beside the
 * seeded ones and `liveCalls` live calls spread over them, with the fields real Active Calls carry
 * (names, numbers, dialled numbers, the account's custom data, directions, statuses, times up to
 * half an hour back). The same sizes give the same account every time (a fixed pseudo-random
 * sequence), so benchmarks compare like with like.
 */
import type { SeedState } from './seed';
import type { ExtensionProfile, SimulatedCall } from './types';

export interface AccountScale {
	/** Extensions added beside the seeded ones. */
	extensions: number;
	/** Live calls on them, at most one in four extensions left without any. */
	liveCalls: number;
}

const FIRST_NAMES = ['Noa', 'Avi', 'Dana', 'Yossi', 'Maya', 'Lior', 'Tamar', 'Eitan', 'Shira', 'Omer', 'Yael', 'Ido'];
const LAST_NAMES = ['Levi', 'Cohen', 'Mizrahi', 'Peretz', 'Biton', 'Dahan', 'Avraham', 'Friedman', 'Azulay', 'Katz'];
const QUEUES = ['Billing', 'Sales', 'Support', 'Renewals', 'Collections'];
const DIRECTIONS = ['Incoming', 'Incoming', 'Incoming', 'Outgoing', 'Outgoing', 'Click2Call'];
const STATUSES = ['Talking', 'Talking', 'Talking', 'Talking', 'Hold', 'Ringing'];

/** The SIP ID of the n-th added extension (1-based): EXT00001, EXT00002, … */
export function scaledExtension(index: number): string {
	return `EXT${String(index).padStart(5, '0')}`;
}

function sequence(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export function scaleAccount(seed: SeedState, scale: AccountScale, nowSeconds: number): SeedState {
	if (!Number.isInteger(scale.extensions) || scale.extensions < 0 || !Number.isInteger(scale.liveCalls) || scale.liveCalls < 0) {
		throw new Error(`A scale needs whole numbers of extensions and live calls, not ${JSON.stringify(scale)}`);
	}
	if (scale.liveCalls > 0 && scale.extensions === 0) throw new Error('Live calls need extensions to be on');
	const random = sequence(scale.extensions * 7919 + scale.liveCalls);
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
	const highest = (key: 'extensionID' | 'userID' | 'onlineUserID') => Math.max(0, ...seed.extensions.map((extension) => extension[key]));

	const extensions: ExtensionProfile[] = Array.from({ length: scale.extensions }, (_, index) => ({
		name: `Agent ${String(index + 1).padStart(5, '0')}`,
		username: scaledExtension(index + 1),
		extensionID: highest('extensionID') + index + 1,
		userID: highest('userID') + index + 1,
		representative: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
		onlineUserID: highest('onlineUserID') + index + 1,
		onlineUserStatus: random() < 0.9 ? 1 : 2,
	}));
	// Busy extensions first: three in four have calls, some more than one.
	const busy = Math.max(1, Math.ceil(scale.extensions * 0.75));
	const calls: SimulatedCall[] = Array.from({ length: scale.liveCalls }, (_, index) => {
		const direction = pick(DIRECTIONS);
		const status = pick(STATUSES);
		const started = nowSeconds - Math.floor(random() * 1800);
		const named = random() < 0.6;
		return {
			ivrid: `${new Date(started * 1000).toISOString().slice(0, 10).replace(/-/g, '')}${index.toString(16).padStart(6, '0')}${digits(6)}`,
			extension: scaledExtension((index % busy) + 1),
			isMuted: false,
			callerPhone: `05${digits(8)}`,
			callerName: named ? `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` : '',
			did: direction === 'Incoming' ? `03${digits(7)}` : '',
			customData: random() < 0.7 ? { crmTicket: digits(6), queue: pick(QUEUES) } : {},
			direction,
			status,
			callStarted: started,
			callAnswered: status === 'Ringing' ? 0 : started + 3 + Math.floor(random() * 20),
		};
	});
	return { extensions: [...seed.extensions, ...extensions], calls: [...seed.calls, ...calls] };
}
