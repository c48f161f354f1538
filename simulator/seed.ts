import type { ExtensionProfile, SimulatedCall } from './types';

/** Call IDs of the seeded calls, so tests can name them. */
export const SEED_IVRIDS = {
	apiapiTalking: '2020101201a1b2c3d4',
	sipsip1Talking: '2020101201e5f60718',
	sipsip1OnHold: '20201012012a3b4c5d',
	/** The call of the contract's GetExtensionsCalls example. */
	sipsip2Outgoing: '2020101201cc7b38df',
	sipsip4Ringing: '20201012016e7f8091',
} as const;

/** SIP IDs of the seeded extensions. SIPSIP1 has two live calls, SIPSIP3 none. */
export const SEED_EXTENSIONS = {
	apiapi: 'APIAPI',
	withTwoCalls: 'SIPSIP1',
	sipsip2: 'SIPSIP2',
	withoutCalls: 'SIPSIP3',
	ringing: 'SIPSIP4',
	/** SIP IDs can be all digits: a workflow may hand them over as numbers. */
	numeric: '1001',
} as const;

export interface SeedState {
	extensions: ExtensionProfile[];
	calls: SimulatedCall[];
}

/** A fresh copy of the seeded account; call times are relative to `nowSeconds`. */
export function seedState(nowSeconds: number = Math.floor(Date.now() / 1000)): SeedState {
	const extensions: ExtensionProfile[] = [
		{
			name: 'API Extension',
			username: 'APIAPI',
			userID: 46454320,
			representative: 'Avi',
			onlineUserID: 76,
			onlineUserStatus: 1,
		},
		{
			name: 'User 1',
			username: 'SIPSIP1',
			userID: 46454321,
			representative: 'Noa',
			onlineUserID: 78,
			onlineUserStatus: 1,
		},
		{
			name: 'User 2',
			username: 'SIPSIP2',
			userID: 46454322,
			representative: 'Dana',
			onlineUserID: 77,
			onlineUserStatus: 1,
		},
		{
			name: 'User 3',
			username: 'SIPSIP3',
			userID: 46454323,
			representative: 'Yossi',
			onlineUserID: 79,
			onlineUserStatus: 1,
		},
		{
			name: 'User 4',
			username: 'SIPSIP4',
			userID: 46454324,
			representative: 'Maya',
			onlineUserID: 80,
			onlineUserStatus: 1,
		},
		{
			name: 'Desk 1001',
			username: '1001',
			userID: 46454325,
			representative: 'Lior',
			onlineUserID: 81,
			onlineUserStatus: 1,
		},
	];

	const calls: SimulatedCall[] = [
		{
			ivrid: SEED_IVRIDS.apiapiTalking,
			extension: 'APIAPI',
			isMuted: false,
			callerPhone: '0501234567',
			direction: 'Incoming',
			status: 'Talking',
			callStarted: nowSeconds - 95,
			callAnswered: nowSeconds - 90,
		},
		{
			ivrid: SEED_IVRIDS.sipsip1Talking,
			extension: 'SIPSIP1',
			isMuted: false,
			callerPhone: '0527654321',
			direction: 'Incoming',
			status: 'Talking',
			callStarted: nowSeconds - 60,
			callAnswered: nowSeconds - 58,
		},
		{
			ivrid: SEED_IVRIDS.sipsip1OnHold,
			extension: 'SIPSIP1',
			isMuted: false,
			callerPhone: '0539876543',
			direction: 'Incoming',
			status: 'Hold',
			callStarted: nowSeconds - 300,
			callAnswered: nowSeconds - 295,
		},
		{
			ivrid: SEED_IVRIDS.sipsip2Outgoing,
			extension: 'SIPSIP2',
			isMuted: false,
			callerPhone: '0722776772',
			direction: 'Outgoing',
			status: 'Talking',
			callStarted: nowSeconds - 40,
			callAnswered: nowSeconds - 39,
		},
		{
			ivrid: SEED_IVRIDS.sipsip4Ringing,
			extension: 'SIPSIP4',
			isMuted: false,
			callerPhone: '0545550123',
			direction: 'Incoming',
			status: 'Ringing',
			callStarted: nowSeconds - 5,
			callAnswered: 0,
		},
	];

	return { extensions, calls };
}
