import type { ExtensionProfile, SimulatedCall } from './types';

/**
 * Call IDs of the seeded calls, so tests can name them: one of each shape Voicenter issues (no
 * fixed length, case or alphabet; the last three are the examples in Voicenter's own material).
 */
export const SEED_IVRIDS = {
	apiapiTalking: '2020101201a1b2c3d4',
	/** Mixed case, 21 characters. */
	sipsip1Talking: '2020072818dcDHFJcc804',
	/** 32 characters, a started Click2Call (its CALLID is this ID). */
	sipsip1OnHold: '20220916103546022555eb61e755c08a',
	/** The call of the contract's GetExtensionsCalls example. */
	sipsip2Outgoing: '2020101201cc7b38df',
	/** No date in it, 27 characters. */
	sipsip4Ringing: '1bcd7954224861f85a2d70612f2',
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
			extensionID: 3101,
			userID: 46454320,
			representative: 'Avi',
			onlineUserID: 76,
			onlineUserStatus: 1,
		},
		{
			name: 'User 1',
			username: 'SIPSIP1',
			extensionID: 3102,
			userID: 46454321,
			representative: 'Noa',
			onlineUserID: 78,
			onlineUserStatus: 1,
		},
		{
			name: 'User 2',
			username: 'SIPSIP2',
			extensionID: 3103,
			userID: 46454322,
			representative: 'Dana',
			onlineUserID: 77,
			onlineUserStatus: 1,
		},
		{
			name: 'User 3',
			username: 'SIPSIP3',
			extensionID: 3104,
			userID: 46454323,
			representative: 'Yossi',
			onlineUserID: 79,
			onlineUserStatus: 1,
		},
		{
			name: 'User 4',
			username: 'SIPSIP4',
			extensionID: 3105,
			userID: 46454324,
			representative: 'Maya',
			onlineUserID: 80,
			onlineUserStatus: 1,
		},
		{
			name: 'Desk 1001',
			username: '1001',
			extensionID: 3106,
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
			callerName: 'Dana Levi',
			did: '0732557000',
			customData: { crmTicket: '48213', queue: 'Billing' },
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
			callerName: 'Voicenter',
			did: '037181200',
			customData: {},
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
			callerName: '',
			did: '',
			customData: { campaign: 'renewals' },
			direction: 'Click2Call',
			status: 'Hold',
			callStarted: nowSeconds - 300,
			callAnswered: nowSeconds - 295,
		},
		{
			ivrid: SEED_IVRIDS.sipsip2Outgoing,
			extension: 'SIPSIP2',
			isMuted: false,
			callerPhone: '0722776772',
			callerName: '',
			did: '',
			customData: {},
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
			callerName: 'Moshe Peretz',
			did: '0732557000',
			customData: {},
			direction: 'Incoming',
			status: 'Ringing',
			callStarted: nowSeconds - 5,
			callAnswered: 0,
		},
	];

	return { extensions, calls };
}
