import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	PLACEHOLDER_MP3,
	SEED_EXTENSIONS,
	SEED_IVRIDS,
	startSimulator,
	type VoicenterSimulator,
} from '../simulator/voicenterSimulator';

const ACTION_ID = /^[0-9a-f]{32}$/;

let simulator: VoicenterSimulator;
let api: AxiosInstance;
let control: AxiosInstance;

beforeAll(async () => {
	simulator = await startSimulator();
	api = axios.create({ baseURL: simulator.baseUrl, validateStatus: () => true, timeout: 2000 });
	control = axios.create({
		baseURL: `${simulator.origin}/__simulator`,
		validateStatus: () => true,
		timeout: 2000,
	});
});

afterAll(async () => {
	await simulator.close();
});

beforeEach(() => {
	simulator.reset();
});

function mute(body: unknown): Promise<AxiosResponse> {
	return api.post('/MuteUnmuteCalls', body);
}

function mutedFlags(extension: string): boolean[] {
	return simulator.callsOf(extension).map((call) => call.isMuted);
}

describe('MuteUnmuteCalls', () => {
	test('POST by extension mutes every live call of that extension and no other', async () => {
		const response = await mute({ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' });

		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(response.data).toEqual({
			ErrorCode: '200',
			Message: 'Success',
			ActionID: expect.stringMatching(ACTION_ID),
		});
		expect(simulator.issuedActionIds).toEqual([response.data.ActionID]);
		expect(mutedFlags(SEED_EXTENSIONS.withTwoCalls)).toEqual([true, true]);
		const others = simulator
			.calls()
			.filter((call) => call.extension !== SEED_EXTENSIONS.withTwoCalls);
		expect(others.length).toBeGreaterThan(0);
		expect(others.every((call) => !call.isMuted)).toBe(true);
	});

	test('a call that starts after the mute is recorded in full', async () => {
		await mute({ extension: SEED_EXTENSIONS.apiapi, state: '1' });
		const later = simulator.addCall(SEED_EXTENSIONS.apiapi);

		expect(later.ivrid).toMatch(/^\d{10}[0-9a-f]{8}$/);
		expect(simulator.addCall(SEED_EXTENSIONS.apiapi).ivrid).toMatch(/^\d{10}[0-9A-Za-z]{11}$/);
		expect(simulator.call(later.ivrid)?.isMuted).toBe(false);
		expect(simulator.call(SEED_IVRIDS.apiapiTalking)?.isMuted).toBe(true);
	});

	test('GET with query parameters mutes, and records the query as params', async () => {
		const response = await api.get('/MuteUnmuteCalls', {
			params: { extension: SEED_EXTENSIONS.apiapi, state: '1' },
		});

		expect(response.data.Message).toBe('Success');
		expect(mutedFlags(SEED_EXTENSIONS.apiapi)).toEqual([true]);
		const [recorded] = simulator.requestsTo('MuteUnmuteCalls');
		expect(recorded.method).toBe('GET');
		expect(recorded.path).toBe('/Comet/API/MuteUnmuteCalls');
		expect(recorded.params).toEqual({ extension: 'APIAPI', state: '1' });
		expect(recorded.body).toBeUndefined();
	});

	test('by ivrid mutes that call only, then unmutes it', async () => {
		const muted = await mute({ ivrid: SEED_IVRIDS.sipsip1OnHold, state: '1' });
		expect(muted.data.Message).toBe('Success');
		expect(simulator.call(SEED_IVRIDS.sipsip1OnHold)?.isMuted).toBe(true);
		expect(simulator.call(SEED_IVRIDS.sipsip1Talking)?.isMuted).toBe(false);

		const unmuted = await mute({ ivrid: SEED_IVRIDS.sipsip1OnHold, state: '0' });
		expect(unmuted.data.Message).toBe('Success');
		expect(unmuted.data.ActionID).not.toBe(muted.data.ActionID);
		expect(simulator.call(SEED_IVRIDS.sipsip1OnHold)?.isMuted).toBe(false);
	});

	test('state as a JSON number is accepted and recorded as sent', async () => {
		const response = await mute({ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: 1 });

		expect(response.data.Message).toBe('Success');
		expect(simulator.call(SEED_IVRIDS.sipsip2Outgoing)?.isMuted).toBe(true);
		expect(simulator.requests[0].params.state).toBe(1);
	});

	test('an extension without live calls still answers Success', async () => {
		const response = await mute({ extension: SEED_EXTENSIONS.withoutCalls, state: '1' });

		expect(response.data).toMatchObject({ ErrorCode: '200', Message: 'Success' });
		expect(simulator.callsOf(SEED_EXTENSIONS.withoutCalls)).toEqual([]);
	});

	test('unknown extension and unknown or ended call are errors with HTTP 200', async () => {
		const noExtension = await mute({ extension: 'NOPE', state: '1' });
		expect(noExtension.status).toBe(200);
		expect(noExtension.data).toEqual({ ErrorCode: 400, Message: 'Extension not found' });

		const noCall = await mute({ ivrid: '2020101201ffffffff', state: '1' });
		expect(noCall.status).toBe(200);
		expect(noCall.data).toEqual({ ErrorCode: 400, Message: 'UniqueIvrID not found' });

		simulator.endCall(SEED_IVRIDS.apiapiTalking);
		const ended = await mute({ ivrid: SEED_IVRIDS.apiapiTalking, state: '1' });
		expect(ended.data).toEqual({ ErrorCode: 400, Message: 'UniqueIvrID not found' });
		expect(simulator.issuedActionIds).toEqual([]);
	});

	test.each([
		['missing state', { extension: 'APIAPI' }, 'state'],
		['state "2"', { extension: 'APIAPI', state: '2' }, 'state'],
		['state "true"', { extension: 'APIAPI', state: 'true' }, 'state'],
		[
			'both targets',
			{ extension: 'APIAPI', ivrid: SEED_IVRIDS.apiapiTalking, state: '1' },
			'ivrid',
		],
		['no target', { state: '1' }, 'extension'],
		['empty extension', { extension: '', state: '1' }, 'extension'],
		['numeric extension', { extension: 101, state: '1' }, 'extension'],
		['a JSON array', [{ extension: 'APIAPI', state: '1' }], 'object'],
	])('%s is "Parameters are not valid" naming the field', async (_name, body, field) => {
		const response = await mute(body);

		expect(response.status).toBe(200);
		expect(response.data.ErrorCode).toBe(400);
		expect(response.data.Message).toMatch(/^Parameters are not valid/);
		expect(response.data.Message).toContain(field);
		expect(response.data.ActionID).toBeUndefined();
		expect(simulator.calls().some((call) => call.isMuted)).toBe(false);
	});

	test('a POST body that is not JSON is "Parameters are not valid"', async () => {
		const response = await api.post('/MuteUnmuteCalls', 'extension=APIAPI&state=1', {
			headers: { 'Content-Type': 'application/json' },
			// Otherwise axios sends the string as a JSON string literal.
			transformRequest: [(data: unknown) => data],
		});

		expect(response.data).toEqual({
			ErrorCode: 400,
			Message: 'Parameters are not valid: body is not JSON',
		});
		expect(simulator.requests[0].rawBody).toBe('extension=APIAPI&state=1');
		expect(simulator.requests[0].body).toBeUndefined();
	});

	test('errorCodeAsNumber answers success with the number 200; reset restores the string', async () => {
		simulator.setErrorCodeAsNumber(true);
		const asNumber = await mute({ extension: 'APIAPI', state: '1' });
		expect(asNumber.data.ErrorCode).toBe(200);

		simulator.reset();
		const asString = await mute({ extension: 'APIAPI', state: '1' });
		expect(asString.data.ErrorCode).toBe('200');
	});

	test('an encoded "101&state=0" in the query is one literal extension', async () => {
		const response = await api.get('/MuteUnmuteCalls', {
			params: { extension: '101&state=0', state: '1' },
		});

		const [recorded] = simulator.requests;
		expect(recorded.url).toContain('extension=101%26state%3D0');
		expect(recorded.query).toEqual({ extension: '101&state=0', state: '1' });
		expect(response.data).toEqual({ ErrorCode: 400, Message: 'Extension not found' });
	});

	test('the path prefix /api/ and any letter case are served', async () => {
		const response = await axios.post(`${simulator.origin}/api/muteunmutecalls`, {
			extension: 'APIAPI',
			state: '1',
		});

		expect(response.data.Message).toBe('Success');
		expect(simulator.requests[0]).toMatchObject({
			endpoint: 'MuteUnmuteCalls',
			path: '/api/muteunmutecalls',
		});
	});
});

describe('mute behaviours (for proving Verify)', () => {
	const call = SEED_IVRIDS.apiapiTalking;

	test('late: Success at once, the call muted only after the delay', async () => {
		simulator.setMuteBehaviour({ kind: 'late', ms: 150 });
		expect((await mute({ ivrid: call, state: '1' })).data.Message).toBe('Success');
		expect(simulator.call(call)?.isMuted).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect(simulator.call(call)?.isMuted).toBe(true);
	});

	test('never and inverted: Success, but the call is not muted', async () => {
		simulator.setMuteBehaviour({ kind: 'never' });
		expect((await mute({ ivrid: call, state: '1' })).data.Message).toBe('Success');
		expect(simulator.call(call)?.isMuted).toBe(false);

		simulator.setMuteBehaviour({ kind: 'inverted' });
		simulator.setMuted(call, true);
		await mute({ ivrid: call, state: '1' });
		expect(simulator.call(call)?.isMuted).toBe(false);
	});

	test('reset restores immediate and drops a pending late mute', async () => {
		simulator.setMuteBehaviour({ kind: 'late', ms: 100 });
		await mute({ ivrid: call, state: '1' });
		simulator.reset();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(simulator.call(call)?.isMuted).toBe(false);
		await mute({ ivrid: call, state: '1' });
		expect(simulator.call(call)?.isMuted).toBe(true);
	});

	test('the control API sets the behaviour from another process', async () => {
		expect((await control.post('/options', { muteBehaviour: { kind: 'never' } })).status).toBe(200);
		await mute({ ivrid: call, state: '1' });
		expect(simulator.call(call)?.isMuted).toBe(false);
		expect((await control.post('/options', { muteBehaviour: { kind: 'sideways' } })).status).toBe(400);
	});
});

describe('GetExtensionsCalls', () => {
	test('the right token lists all extensions in the contract shape, even one without calls', async () => {
		const response = await api.post('/GetExtensionsCalls', { code: simulator.token });

		expect(response.data.ERR).toBe(0);
		expect(response.data.DESC).toBe('OK');
		const usernames = response.data.EXTENSIONS.map((e: { username: string }) => e.username);
		expect(usernames).toEqual(expect.arrayContaining(Object.values(SEED_EXTENSIONS)));
		const sipsip2 = response.data.EXTENSIONS.find(
			(e: { username: string }) => e.username === 'SIPSIP2',
		);
		expect(sipsip2).toEqual({
			name: 'User 2',
			username: 'SIPSIP2',
			extensionID: 3103,
			userID: 46454322,
			representative: 'Dana',
			onlineUserID: 77,
			onlineUserStatus: 1,
			calls: [
				{
					callStarted: expect.any(Number),
					callAnswered: expect.any(Number),
					answered: 1,
					callerphone: '0722776772',
					callername: '',
					callstatus: 'Talking',
					direction: 'Outgoing',
					ivrid: '2020101201cc7b38df',
					recording: { Filename: expect.any(String), IsMuted: 0 },
					did: '',
					customdata: {},
				},
			],
		});
		const apiapiCall = response.data.EXTENSIONS.find((e: { username: string }) => e.username === 'APIAPI').calls[0];
		expect(apiapiCall).toMatchObject({
			callername: 'Dana Levi',
			did: '0732557000',
			customdata: { crmTicket: '48213', queue: 'Billing' },
		});
		const empty = response.data.EXTENSIONS.find(
			(e: { username: string }) => e.username === 'SIPSIP3',
		);
		expect(empty.calls).toEqual([]);
	});

	test('IsMuted reflects a mute, filtered by extension', async () => {
		await mute({ extension: SEED_EXTENSIONS.withTwoCalls, state: '1' });
		const response = await api.post('/GetExtensionsCalls', {
			code: simulator.token,
			extension: SEED_EXTENSIONS.withTwoCalls,
		});

		expect(response.data.EXTENSIONS).toHaveLength(1);
		const flags = response.data.EXTENSIONS[0].calls.map(
			(call: { recording: { IsMuted: number } }) => call.recording.IsMuted,
		);
		expect(flags).toEqual([1, 1]);
	});

	test('wrong token: empty list; missing token: ERR 1; unknown extension: ERR 2', async () => {
		const wrong = await api.post('/GetExtensionsCalls', { code: 'not-the-token' });
		expect(wrong.data).toEqual({ ERR: 0, DESC: 'OK', EXTENSIONS: [] });
		simulator.setWrongTokenAnswer('authorizationFailed');
		const refused = await api.post('/GetExtensionsCalls', { code: 'not-the-token' });
		expect(refused.data).toEqual({ ERR: 1, DESC: 'Authorization failed.' });

		const missing = await api.post('/GetExtensionsCalls', { extension: 'APIAPI' });
		expect(missing.data).toEqual({ ERR: 1, DESC: 'Invalid request format: code is missing' });

		const unknown = await api.post('/GetExtensionsCalls', {
			code: simulator.token,
			extension: 'NOPE',
		});
		expect(unknown.data.ERR).toBe(2);
		expect(unknown.data.DESC).toContain('NOPE');
	});

	test('an added extension is listed, takes calls and mutes like a seeded one; a taken SIP ID is refused; reset restores the seed', async () => {
		const seeded = (await api.post('/GetExtensionsCalls', { code: simulator.token })).data.EXTENSIONS;
		const added = simulator.addExtension({ username: 'AGENT01', representative: 'Rina' });
		expect(added).toEqual({
			name: 'Extension AGENT01',
			username: 'AGENT01',
			extensionID: 3107,
			userID: 46454326,
			representative: 'Rina',
			onlineUserID: 82,
			onlineUserStatus: 1,
		});
		expect(() => simulator.addExtension({ username: 'AGENT01' })).toThrow('Extension "AGENT01" already exists');
		expect(() => simulator.addExtension({ username: SEED_EXTENSIONS.apiapi })).toThrow(/already exists/);
		expect(() => simulator.addExtension({ username: '' })).toThrow(/SIP ID/);

		const call = simulator.addCall('AGENT01');
		expect((await mute({ extension: 'AGENT01', state: '1' })).data.ErrorCode).toBe('200');
		expect(simulator.call(call.ivrid)?.isMuted).toBe(true);
		expect(simulator.calls().filter((live) => live.isMuted).map((live) => live.ivrid)).toEqual([call.ivrid]);
		const listed = await api.post('/GetExtensionsCalls', { code: simulator.token, extension: 'AGENT01' });
		expect(listed.data.EXTENSIONS).toEqual([{ ...added, calls: [expect.objectContaining({ ivrid: call.ivrid, recording: expect.objectContaining({ IsMuted: 1 }) })] }]);

		simulator.reset();
		const unknown = await api.post('/GetExtensionsCalls', { code: simulator.token, extension: 'AGENT01' });
		expect(unknown.data.ERR).toBe(2);
		expect(() => simulator.addCall('AGENT01')).toThrow('Unknown extension "AGENT01"');
		expect((await api.post('/GetExtensionsCalls', { code: simulator.token })).data.EXTENSIONS).toEqual(seeded);
		// After a reset the IDs start again from the seed's.
		expect(simulator.addExtension({ username: 'AGENT02' }).extensionID).toBe(3107);
	});

	test('GET with the token in the query works too', async () => {
		const response = await axios.get(`${simulator.origin}/comet/API/GetExtensionsCalls`, {
			params: { code: simulator.token, extension: 'APIAPI' },
		});

		expect(response.data.EXTENSIONS[0].calls[0].ivrid).toBe(SEED_IVRIDS.apiapiTalking);
	});
});

test('an unknown path is an HTML 404, recorded as unknown', async () => {
	const response = await axios.get(`${simulator.origin}/Comet/API/Nope`, {
		validateStatus: () => true,
	});

	expect(response.status).toBe(404);
	expect(response.headers['content-type']).toMatch(/^text\/html/);
	expect(response.data).toContain('404 Not Found');
	expect(simulator.requests.map((request) => request.endpoint)).toEqual(['unknown']);
});

describe('faults', () => {
	test('delay answers normally, after the delay', async () => {
		simulator.injectFault({ fault: { kind: 'delay', ms: 150 }, times: 1 });
		const started = Date.now();
		const response = await mute({ extension: 'APIAPI', state: '1' });

		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(response.data.Message).toBe('Success');
		expect(mutedFlags('APIAPI')).toEqual([true]);
	});

	test('slowAnswer applies a mute at once and answers it only after the delay', async () => {
		simulator.injectFault({ fault: { kind: 'slowAnswer', ms: 400 }, times: 1, endpoint: 'MuteUnmuteCalls' });
		const started = Date.now();
		let answeredAt = 0;
		const pending = mute({ extension: 'APIAPI', state: '1' }).then((response) => {
			answeredAt = Date.now();
			return response;
		});
		while (simulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

		// Applied and issued while the client still waits for the answer.
		expect(mutedFlags('APIAPI')).toEqual([true]);
		expect(simulator.issuedActionIds).toHaveLength(1);
		expect(answeredAt).toBe(0);
		const response = await pending;
		expect(answeredAt - started).toBeGreaterThanOrEqual(390);
		expect(response.data).toEqual({ ErrorCode: '200', Message: 'Success', ActionID: simulator.issuedActionIds[0] });

		// times: 1, so the next request is answered at once.
		const again = Date.now();
		await mute({ extension: 'APIAPI', state: '0' });
		expect(Date.now() - again).toBeLessThan(300);
		expect(mutedFlags('APIAPI')).toEqual([false]);
	});

	test('slowAnswer: a client that gives up before the answer has still muted the call, and the simulator keeps serving', async () => {
		simulator.injectFault({ fault: { kind: 'slowAnswer', ms: 300 }, times: 1 });
		await expect(
			api.post('/MuteUnmuteCalls', { extension: 'APIAPI', state: '1' }, { timeout: 50 }),
		).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(mutedFlags('APIAPI')).toEqual([true]);

		// The late answer to a closed connection is dropped quietly.
		await new Promise((resolve) => setTimeout(resolve, 400));
		const list = await api.post('/GetExtensionsCalls', { code: simulator.token, extension: 'APIAPI' });
		expect(list.data.EXTENSIONS[0].calls[0].recording.IsMuted).toBe(1);
	});

	test('slowAnswer on Active Calls answers the calls as they were when the read arrived', async () => {
		simulator.injectFault({ fault: { kind: 'slowAnswer', ms: 300 }, times: 1, endpoint: 'GetExtensionsCalls' });
		const pending = api.post('/GetExtensionsCalls', { code: simulator.token, extension: 'APIAPI' });
		while (simulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		simulator.setMuted(SEED_IVRIDS.apiapiTalking, true);

		expect((await pending).data.EXTENSIONS[0].calls[0].recording.IsMuted).toBe(0);
	});

	test('httpStatus answers that status, with an HTML page or the given body', async () => {
		simulator.injectFault({ fault: { kind: 'httpStatus', status: 503 }, times: 1 });
		simulator.injectFault({
			fault: {
				kind: 'httpStatus',
				status: 429,
				body: '{"error":"slow down"}',
				contentType: 'application/json',
			},
			times: 1,
		});

		const unavailable = await mute({ extension: 'APIAPI', state: '1' });
		expect(unavailable.status).toBe(503);
		expect(unavailable.data).toContain('503 Service Unavailable');

		const limited = await mute({ extension: 'APIAPI', state: '1' });
		expect(limited.status).toBe(429);
		expect(limited.data).toEqual({ error: 'slow down' });
		expect(mutedFlags('APIAPI')).toEqual([false]);
	});

	test('a rule with an ivrid fails only the requests that name that call', async () => {
		simulator.injectFault({
			fault: { kind: 'errorCode', errorCode: 'SERVER_ERROR', message: 'Temporary failure' },
			times: 1,
			endpoint: 'MuteUnmuteCalls',
			ivrid: SEED_IVRIDS.sipsip1OnHold,
		});
		simulator.setMuted(SEED_IVRIDS.sipsip1OnHold, true);
		simulator.setMuted(SEED_IVRIDS.sipsip2Outgoing, true);

		// Another call, and the extension the faulty call is on: both go through.
		expect((await mute({ ivrid: SEED_IVRIDS.sipsip2Outgoing, state: '0' })).data.Message).toBe('Success');
		expect((await mute({ extension: SEED_EXTENSIONS.apiapi, state: '1' })).data.Message).toBe('Success');
		const failed = await mute({ ivrid: SEED_IVRIDS.sipsip1OnHold, state: '0' });
		expect(failed.data).toMatchObject({ ErrorCode: 'SERVER_ERROR' });
		expect(simulator.call(SEED_IVRIDS.sipsip1OnHold)?.isMuted).toBe(true);
		// Used up: the retry resumes the call.
		expect((await mute({ ivrid: SEED_IVRIDS.sipsip1OnHold, state: '0' })).data.Message).toBe('Success');
		expect(simulator.call(SEED_IVRIDS.sipsip1OnHold)?.isMuted).toBe(false);
		expect(() => simulator.injectFault({ fault: { kind: 'drop' }, ivrid: '' } as never)).toThrow('ivrid must be a call ID');
	});

	test('html answers HTTP 200 with a web page', async () => {
		simulator.injectFault({ fault: { kind: 'html' } });
		const response = await mute({ extension: 'APIAPI', state: '1' });

		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^text\/html/);
		expect(response.data).toMatch(/<html>/i);
	});

	test('malformedJson answers truncated JSON', async () => {
		simulator.injectFault({ fault: { kind: 'malformedJson' } });
		const response = await mute({ extension: 'APIAPI', state: '1' });

		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(typeof response.data).toBe('string');
		expect(() => JSON.parse(response.data)).toThrow();
	});

	test('drop closes the connection without an answer', async () => {
		simulator.injectFault({ fault: { kind: 'drop' }, times: 1 });

		const error = await mute({ extension: 'APIAPI', state: '1' }).catch(
			(reason: unknown) => reason,
		);
		expect(axios.isAxiosError(error)).toBe(true);
		expect(axios.isAxiosError(error) && error.response).toBeUndefined();
		expect(axios.isAxiosError(error) && error.code).toMatch(
			/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/,
		);
		expect(simulator.requests).toHaveLength(1);
		expect(mutedFlags('APIAPI')).toEqual([false]);
	});

	test('hang never answers, so the client times out', async () => {
		simulator.injectFault({ fault: { kind: 'hang' }, times: 1 });

		await expect(
			api.post('/MuteUnmuteCalls', { extension: 'APIAPI', state: '1' }, { timeout: 200 }),
		).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(simulator.requests).toHaveLength(1);
	});

	test('errorCode answers a Voicenter-shaped error without changing state', async () => {
		simulator.injectFault({
			fault: { kind: 'errorCode', errorCode: '500', message: 'Internal error' },
			endpoint: 'MuteUnmuteCalls',
		});
		const muteReply = await mute({ extension: 'APIAPI', state: '1' });
		expect(muteReply.status).toBe(200);
		expect(muteReply.data).toEqual({ ErrorCode: '500', Message: 'Internal error' });
		expect(mutedFlags('APIAPI')).toEqual([false]);

		// The rule names MuteUnmuteCalls, so the other endpoint is untouched.
		const list = await api.post('/GetExtensionsCalls', { code: simulator.token });
		expect(list.data.ERR).toBe(0);
	});

	test('a rule with times runs out, then requests are answered normally', async () => {
		simulator.injectFault({ fault: { kind: 'httpStatus', status: 502 }, times: 2 });

		const statuses: number[] = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			statuses.push((await mute({ extension: 'APIAPI', state: '1' })).status);
		}
		expect(statuses).toEqual([502, 502, 200]);
		expect(simulator.requests).toHaveLength(3);
	});

	test('clearFaults removes unlimited rules', async () => {
		simulator.injectFault({ fault: { kind: 'httpStatus', status: 500 } });
		expect((await mute({ extension: 'APIAPI', state: '1' })).status).toBe(500);

		simulator.clearFaults();
		expect((await mute({ extension: 'APIAPI', state: '1' })).status).toBe(200);
	});

	test('an invalid rule is refused', () => {
		expect(() => simulator.injectFault({ fault: { kind: 'delay', ms: 10 }, times: 0 })).toThrow(
			/times/,
		);
		expect(() => simulator.injectFault({ fault: { kind: 'slowAnswer', ms: -1 } })).toThrow(/ms must be an integer/);
		expect(() => simulator.injectFault({ fault: { kind: 'slowAnswer', ms: 1.5 } })).toThrow(/ms must be an integer/);
		expect(() => simulator.injectFault({ fault: { kind: 'slowAnswer' } as never })).toThrow(/ms must be an integer/);
	});
});

describe('control endpoints', () => {
	test('add, list and end calls; inject and clear faults; read requests; reset', async () => {
		const added = await control.post('/calls', { extension: 'SIPSIP3', direction: 'Outgoing' });
		expect(added.status).toBe(201);
		expect(added.data).toMatchObject({
			extension: 'SIPSIP3',
			direction: 'Outgoing',
			isMuted: false,
		});
		expect(simulator.callsOf('SIPSIP3')).toHaveLength(1);

		const listed = await control.get('/calls');
		expect(listed.data.map((call: { ivrid: string }) => call.ivrid)).toContain(added.data.ivrid);

		expect((await control.delete(`/calls/${added.data.ivrid}`)).status).toBe(200);
		expect(simulator.call(added.data.ivrid)).toBeUndefined();
		expect((await control.delete(`/calls/${added.data.ivrid}`)).status).toBe(404);
		expect((await control.post('/calls', { extension: 'NOPE' })).status).toBe(400);

		expect(
			(await control.post('/faults', { fault: { kind: 'httpStatus', status: 503 } })).status,
		).toBe(201);
		expect((await mute({ extension: 'APIAPI', state: '1' })).status).toBe(503);
		expect((await control.delete('/faults')).status).toBe(200);
		expect((await mute({ extension: 'APIAPI', state: '1' })).status).toBe(200);
		expect((await control.post('/faults', { fault: { kind: 'teleport' } })).status).toBe(400);

		const requests = await control.get('/requests');
		expect(requests.data.map((request: { path: string }) => request.path)).toEqual([
			'/Comet/API/MuteUnmuteCalls',
			'/Comet/API/MuteUnmuteCalls',
		]);
		expect((await control.get('/stats')).data).toEqual({ requests: 2, peakInFlight: 1 });
		const refused = await control.post('/faults', { fault: { kind: 'slowAnswer', ms: 'soon' } });
		expect(refused.status).toBe(400);
		expect(refused.data.error).toMatch(/ms must be an integer/);
		expect((await control.post('/faults', { fault: { kind: 'slowAnswer', ms: 0 }, times: 1 })).status).toBe(201);
		expect((await mute({ extension: 'APIAPI', state: '1' })).status).toBe(200);

		expect((await control.post('/reset')).status).toBe(200);
		expect(simulator.requests).toEqual([]);
		expect(mutedFlags('APIAPI')).toEqual([false]);
	});
});

test('close() returns promptly while a hung request is open', async () => {
	const own = await startSimulator();
	own.injectFault({ fault: { kind: 'hang' } });
	const pending = axios
		.post(`${own.baseUrl}/MuteUnmuteCalls`, { extension: 'APIAPI', state: '1' })
		.catch((error: unknown) => error);
	while (own.requests.length === 0) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}

	const started = Date.now();
	await own.close();
	expect(Date.now() - started).toBeLessThan(500);
	const error = await pending;
	expect(axios.isAxiosError(error)).toBe(true);
	expect(axios.isAxiosError(error) && error.response).toBeUndefined();
});

/** A CDR notification receiver on 127.0.0.1: keeps what it gets and answers as scripted. */
interface CdrReceiver {
	url: string;
	received: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: string }>;
	/** Answers for the next requests, in turn; then {"Err":0,"Errdesc":"OK"}. */
	answers: Array<{ status: number; body: string; hold?: Promise<void> }>;
	waitFor(count: number): Promise<void>;
	close(): Promise<void>;
}

const ACCEPTED = '{"Err":0,"Errdesc":"OK"}';

async function startCdrReceiver(): Promise<CdrReceiver> {
	const receiver: Omit<CdrReceiver, 'url' | 'close'> = {
		received: [],
		answers: [],
		async waitFor(count) {
			const deadline = Date.now() + 5000;
			while (this.received.length < count) {
				if (Date.now() > deadline) throw new Error(`the receiver got ${this.received.length} of ${count} CDRs`);
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		},
	};
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			receiver.received.push({
				method: request.method ?? '',
				path: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			const answer = receiver.answers.shift() ?? { status: 200, body: ACCEPTED };
			void (answer.hold ?? Promise.resolve()).then(() => {
				response.writeHead(answer.status, { 'Content-Type': 'application/json' });
				response.end(answer.body);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		...receiver,
		url: `http://127.0.0.1:${port}/voicenter/cdr/local-test-secret`,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** A port nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('CDR notification', () => {
	let receiver: CdrReceiver;
	/**
	 * Fixed times, so the durations are known: rang 5 s, talked 120 s. 2025-12-01 08:00 UTC: winter
	 * in Israel, so Voicenter writes it as 10:00, two hours ahead.
	 */
	const started = 1_764_576_000;
	const startedOnIsraelsClock = started + 2 * 3600;

	beforeAll(async () => {
		receiver = await startCdrReceiver();
	});

	afterAll(async () => {
		await receiver.close();
	});

	beforeEach(() => {
		receiver.received.length = 0;
		receiver.answers.length = 0;
	});

	function addIncoming(ivrid: string) {
		return simulator.addCall(SEED_EXTENSIONS.withoutCalls, {
			ivrid,
			callerPhone: '0501234567',
			callerName: 'Ruth Azulay',
			did: '0732557000',
			customData: { crmTicket: '48213', queue: 'Billing' },
			direction: 'Incoming',
			status: 'Talking',
			callStarted: started,
			callAnswered: started + 5,
		});
	}

	test('DELETE calls/<ivrid> answers at once; the receiver then gets the CDR with every field', async () => {
		simulator.setCdrNotificationUrl(receiver.url);
		let release: () => void = () => undefined;
		receiver.answers.push({ status: 200, body: ACCEPTED, hold: new Promise<void>((resolve) => (release = resolve)) });
		const ivrid = '2025120109cdrA1b2c3';
		expect((await control.post('/calls', { extension: 'SIPSIP3', ivrid, callerPhone: '0501234567', callerName: 'Ruth Azulay', did: '0732557000', customData: { crmTicket: '48213' }, direction: 'Incoming', callStarted: started, callAnswered: started + 5 })).status).toBe(201);

		const before = Math.floor(Date.now() / 1000);
		expect((await control.delete(`/calls/${ivrid}`)).status).toBe(200);
		const after = Math.floor(Date.now() / 1000);
		// The DELETE is answered while the receiver still holds its answer back.
		await receiver.waitFor(1);
		expect(simulator.cdrDeliveries).toEqual([]);
		release();
		await simulator.cdrSendingsSettled();

		const [got] = receiver.received;
		expect(got.method).toBe('POST');
		expect(got.path).toBe('/voicenter/cdr/local-test-secret');
		expect(got.headers['content-type']).toBe('application/json');
		// Voicenter signs nothing.
		expect(Object.keys(got.headers).filter((name) => /sign|auth/i.test(name))).toEqual([]);
		const cdr = JSON.parse(got.body);
		const ended = started + cdr.duration;
		expect(ended).toBeGreaterThanOrEqual(before);
		expect(ended).toBeLessThanOrEqual(after);
		expect(cdr).toEqual({
			caller: '0501234567',
			target: 'SIPSIP3',
			time: startedOnIsraelsClock,
			duration: ended - started,
			ivruniqueid: ivrid,
			type: 'Incoming Call',
			status: 'ANSWER',
			did: '0732557000',
			queueid: 0,
			queuename: '',
			record: `${simulator.origin}/recordings/${ivrid}.mp3`,
			dialtime: 5,
			representative_name: 'Yossi',
			representative_code: '46454323',
			DepartmentID: 4101,
			DepartmentName: 'Simulated account',
			extenUser: 'SIPSIP3',
			callerPhone: '0501234567',
			isAnswer: 1,
			actualCallDuration: ended - started - 5,
			OriginalIvrUniqueID: '',
			IVR: [],
			CustomData: { crmTicket: '48213' },
		});
		expect(Object.keys(cdr).some((name) => /mute/i.test(name))).toBe(false);

		expect((await control.get('/cdrs')).data).toEqual([cdr]);
		expect((await control.get('/cdr-deliveries')).data).toEqual([
			{ ivrid, attempt: 1, resent: false, url: receiver.url, status: 200, answer: { Err: 0, Errdesc: 'OK' }, accepted: true, sentAt: expect.any(Number) },
		]);
		// CDRs go out; they are not Voicenter requests received.
		expect(simulator.requests).toEqual([]);
	});

	test('outgoing, Click2Call and unanswered calls: caller, target, type, status and durations', () => {
		const outgoing = simulator.addCall(SEED_EXTENSIONS.sipsip2, { callerPhone: '0722776772', direction: 'Outgoing', callStarted: started, callAnswered: started + 3 });
		const click2call = simulator.addCall(SEED_EXTENSIONS.apiapi, { callerPhone: '0539876543', direction: 'Click2Call', callStarted: started, callAnswered: started + 2 });
		const ringing = simulator.addCall(SEED_EXTENSIONS.ringing, { callerPhone: '0545550123', did: '037181200', status: 'Ringing', callStarted: started });
		simulator.endCall(outgoing.ivrid, started + 40);
		simulator.endCall(click2call.ivrid, started + 10);
		simulator.endCall(ringing.ivrid, started + 25);

		expect(simulator.cdr(outgoing.ivrid)).toMatchObject({
			caller: '0732557000',
			target: '972722776772',
			callerPhone: '0722776772',
			type: 'Extension Outgoing',
			status: 'ANSWER',
			isAnswer: 1,
			duration: 40,
			dialtime: 3,
			actualCallDuration: 37,
			did: '',
			extenUser: 'SIPSIP2',
			representative_name: 'Dana',
			representative_code: '46454322',
		});
		expect(simulator.cdr(click2call.ivrid)).toMatchObject({ type: 'Click2Call leg2', target: '972539876543', actualCallDuration: 8 });
		expect(simulator.cdr(ringing.ivrid)).toMatchObject({
			caller: '0545550123',
			target: 'SIPSIP4',
			type: 'Incoming Call',
			status: 'NOANSWER',
			isAnswer: 0,
			duration: 25,
			dialtime: 25,
			actualCallDuration: 0,
			record: '',
			did: '037181200',
		});
		// No URL is set: built, listed, not sent.
		expect(simulator.cdrs().map((cdr) => cdr.ivruniqueid)).toEqual([outgoing.ivrid, click2call.ivrid, ringing.ivrid]);
		expect(simulator.cdrDeliveries).toEqual([]);
	});

	test('a receiver answering HTTP 500, then Err 1, then OK sees the same CDR three times', async () => {
		simulator.setCdrNotificationUrl(receiver.url);
		simulator.setCdrRetryDelays([20, 20, 20]);
		receiver.answers.push({ status: 500, body: 'oops' }, { status: 200, body: '{"Err":1,"Errdesc":"Parse error"}' });
		addIncoming('2025120109retry0001');
		simulator.endCall('2025120109retry0001', started + 125);
		await simulator.cdrSendingsSettled();

		expect(receiver.received).toHaveLength(3);
		expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
		expect(simulator.cdrDeliveries.map(({ attempt, status, answer, accepted, error }) => ({ attempt, status, answer, accepted, error }))).toEqual([
			{ attempt: 1, status: 500, answer: 'oops', accepted: false, error: 'HTTP 500' },
			{ attempt: 2, status: 200, answer: { Err: 1, Errdesc: 'Parse error' }, accepted: false, error: "the answer's Err is 1, not 0" },
			{ attempt: 3, status: 200, answer: { Err: 0, Errdesc: 'OK' }, accepted: true, error: undefined },
		]);
	});

	test('the lower-case answer {"err":0,"errdesc":"OK"} is accepted', async () => {
		simulator.setCdrNotificationUrl(receiver.url);
		simulator.setCdrRetryDelays([20]);
		receiver.answers.push({ status: 200, body: '{"err":0,"errdesc":"OK"}' });
		addIncoming('2025120109lower0001');
		simulator.endCall('2025120109lower0001');
		await simulator.cdrSendingsSettled();

		expect(receiver.received).toHaveLength(1);
		expect(simulator.cdrDeliveries).toMatchObject([{ attempt: 1, accepted: true, answer: { err: 0, errdesc: 'OK' } }]);
	});

	test('a receiver that stays down: each attempt recorded, then it gives up; nothing thrown', async () => {
		const url = `http://127.0.0.1:${await closedPort()}/cdr`;
		expect((await control.post('/options', { cdrNotificationUrl: url, cdrRetryDelaysMs: [10, 10] })).status).toBe(200);
		addIncoming('2025120109down00001');
		expect((await control.delete('/calls/2025120109down00001')).status).toBe(200);
		await simulator.cdrSendingsSettled();

		expect(simulator.cdrDeliveries).toEqual([1, 2, 3].map((attempt) => ({
			ivrid: '2025120109down00001',
			attempt,
			resent: false,
			url,
			status: null,
			answer: null,
			accepted: false,
			error: expect.stringContaining('ECONNREFUSED'),
			sentAt: expect.any(Number),
		})));
		// The simulator goes on serving.
		expect((await mute({ extension: 'APIAPI', state: '1' })).data.Message).toBe('Success');
	});

	test('POST cdrs/<ivrid>/send sends the stored CDR again, byte for byte', async () => {
		simulator.setCdrNotificationUrl(receiver.url);
		addIncoming('2025120109twice0001');
		simulator.endCall('2025120109twice0001');
		await simulator.cdrSendingsSettled();

		const resent = await control.post('/cdrs/2025120109twice0001/send');
		expect(resent.status).toBe(200);
		expect(resent.data).toMatchObject({ ivrid: '2025120109twice0001', attempt: 1, resent: true, status: 200, accepted: true });
		expect(receiver.received).toHaveLength(2);
		expect(receiver.received[1].body).toBe(receiver.received[0].body);
		expect(simulator.cdrDeliveries.map((delivery) => delivery.resent)).toEqual([false, true]);

		expect((await control.post('/cdrs/2025120109nosuch001/send')).status).toBe(404);
		// A live call has no CDR yet.
		expect((await control.post(`/cdrs/${SEED_IVRIDS.apiapiTalking}/send`)).status).toBe(404);
		expect((await control.post('/options', { cdrNotificationUrl: null })).status).toBe(200);
		expect((await control.post('/cdrs/2025120109twice0001/send')).status).toBe(409);
		expect(receiver.received).toHaveLength(2);
	});

	test('no URL (never set, or turned off with null or ""): nothing is sent', async () => {
		addIncoming('2025120109nourl0001');
		simulator.endCall('2025120109nourl0001');
		expect((await control.post('/options', { cdrNotificationUrl: receiver.url })).status).toBe(200);
		expect((await control.post('/options', { cdrNotificationUrl: '' })).status).toBe(200);
		addIncoming('2025120109nourl0002');
		expect((await control.delete('/calls/2025120109nourl0002')).status).toBe(200);
		await simulator.cdrSendingsSettled();
		await new Promise((resolve) => setTimeout(resolve, 100));

		expect(receiver.received).toEqual([]);
		expect(simulator.cdrDeliveries).toEqual([]);
		expect(simulator.cdrs()).toHaveLength(2);
	});

	test('the recording URL serves a placeholder MP3 for an ended, answered call; it is not a Voicenter request', async () => {
		addIncoming('2025120109record001');
		const live = await axios.get(simulator.recordingUrl('2025120109record001'), { validateStatus: () => true });
		expect(live.status).toBe(404);

		simulator.endCall('2025120109record001');
		const record = simulator.cdr('2025120109record001')?.record ?? '';
		const recording = await axios.get(record, { responseType: 'arraybuffer' });
		expect(recording.status).toBe(200);
		expect(recording.headers['content-type']).toBe('audio/mpeg');
		expect(Buffer.from(recording.data)).toEqual(PLACEHOLDER_MP3);

		const unknown = await axios.get(`${simulator.origin}/recordings/nope.mp3`, { validateStatus: () => true });
		expect(unknown.status).toBe(404);
		expect(simulator.requests).toEqual([]);
		expect((await control.get('/stats')).data).toEqual({ requests: 0, peakInFlight: 0 });
	});

	test('reset clears CDRs and deliveries, drops a pending retry, and forgets a URL set later', async () => {
		simulator.setCdrNotificationUrl(receiver.url);
		simulator.setCdrRetryDelays([300]);
		receiver.answers.push({ status: 503, body: '' });
		addIncoming('2025120109reset0001');
		simulator.endCall('2025120109reset0001');
		await receiver.waitFor(1);
		while (simulator.cdrDeliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

		simulator.reset();
		await simulator.cdrSendingsSettled();
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(receiver.received).toHaveLength(1);
		expect(simulator.cdrs()).toEqual([]);
		expect(simulator.cdrDeliveries).toEqual([]);
		expect(simulator.cdrNotificationUrl).toBeNull();
		expect((await axios.get(simulator.recordingUrl('2025120109reset0001'), { validateStatus: () => true })).status).toBe(404);
	});

	test('a URL given at start is kept through reset; bad options are refused', async () => {
		const own = await startSimulator({ cdrNotificationUrl: receiver.url, cdrRetryDelaysMs: [] });
		try {
			own.setCdrNotificationUrl(null);
			own.reset();
			expect(own.cdrNotificationUrl).toBe(receiver.url);
			own.endCall(SEED_IVRIDS.sipsip2Outgoing);
			await own.cdrSendingsSettled();
			expect(receiver.received.map((request) => JSON.parse(request.body).ivruniqueid)).toEqual([SEED_IVRIDS.sipsip2Outgoing]);
		} finally {
			await own.close();
		}

		await expect(startSimulator({ cdrNotificationUrl: 'not a url' })).rejects.toThrow(/cdrNotificationUrl/);
		expect((await control.post('/options', { cdrNotificationUrl: 'ftp://127.0.0.1/cdr' })).status).toBe(400);
		expect((await control.post('/options', { cdrNotificationUrl: 42 })).status).toBe(400);
		expect((await control.post('/options', { cdrRetryDelaysMs: [-1] })).status).toBe(400);
		expect((await control.post('/options', { cdrRetryDelaysMs: 1000 })).status).toBe(400);
	});
});

describe("the account's clock: Voicenter writes its times on the account's wall clock, not in UTC", () => {
	// Known instants and what Israel's clocks showed then (2026: summer time from Friday 27 March
	// 02:00, when clocks went to 03:00, to Sunday 25 October 02:00, when they went back to 01:00).
	const WINTER = Date.parse('2026-01-15T10:00:00Z') / 1000;
	const SUMMER = Date.parse('2026-07-15T10:00:00Z') / 1000;
	/** A wall-clock reading as Voicenter writes it: the reading as if it were UTC, in seconds. */
	const onTheWall = (reading: string) => Date.parse(`${reading.replace(' ', 'T')}Z`) / 1000;

	async function activeCallOf(sim: VoicenterSimulator, extension: string, ivrid: string) {
		const response = await axios.post(`${sim.baseUrl}/GetExtensionsCalls`, { code: sim.token, extension }, { timeout: 2000 });
		return (response.data.EXTENSIONS[0].calls as Array<{ ivrid: string; callStarted: number; callAnswered: number; answered: number }>).find(
			(call) => call.ivrid === ivrid,
		)!;
	}

	test('the zone is Asia/Jerusalem unless told otherwise', () => {
		expect(simulator.accountTimeZone).toBe('Asia/Jerusalem');
	});

	test('Active Calls: Israel is 2 hours ahead in winter and 3 in summer; calls keep UTC inside', async () => {
		const winter = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { ivrid: '2026011510winter01', callStarted: WINTER, callAnswered: WINTER + 5 });
		const summer = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { ivrid: '2026071510summer01', callStarted: SUMMER, callAnswered: SUMMER + 7 });

		expect(await activeCallOf(simulator, SEED_EXTENSIONS.withoutCalls, winter.ivrid)).toMatchObject({
			callStarted: onTheWall('2026-01-15 12:00:00'),
			callAnswered: onTheWall('2026-01-15 12:00:05'),
			answered: 1,
		});
		expect(await activeCallOf(simulator, SEED_EXTENSIONS.withoutCalls, summer.ivrid)).toMatchObject({
			callStarted: onTheWall('2026-07-15 13:00:00'),
			callAnswered: onTheWall('2026-07-15 13:00:07'),
		});
		expect(onTheWall('2026-01-15 12:00:00')).toBe(1_768_478_400);
		// Inside, and in the control API, the times stay UTC, as they were given.
		expect(simulator.call(winter.ivrid)).toMatchObject({ callStarted: WINTER, callAnswered: WINTER + 5 });
		const listed = (await control.get('/calls')).data as Array<{ ivrid: string; callStarted: number }>;
		expect(listed.find((call) => call.ivrid === summer.ivrid)!.callStarted).toBe(SUMMER);
	});

	test('a call not answered yet has callAnswered 0 on any clock', async () => {
		const ringing = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { status: 'Ringing', callStarted: WINTER, callAnswered: 0 });
		expect(await activeCallOf(simulator, SEED_EXTENSIONS.withoutCalls, ringing.ivrid)).toMatchObject({
			callStarted: onTheWall('2026-01-15 12:00:00'),
			callAnswered: 0,
			answered: 0,
		});
	});

	test("either side of Israel's clock changes, to the second", async () => {
		const springForward = Date.parse('2026-03-27T00:00:00Z') / 1000;
		const fallBack = Date.parse('2026-10-24T23:00:00Z') / 1000;
		const cases: Array<[number, string]> = [
			[springForward - 1, '2026-03-27 01:59:59'],
			[springForward, '2026-03-27 03:00:00'],
			[fallBack - 1, '2026-10-25 01:59:59'],
			[fallBack, '2026-10-25 01:00:00'],
		];
		for (const [utcSeconds, reading] of cases) {
			const call = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: utcSeconds, callAnswered: utcSeconds });
			expect(await activeCallOf(simulator, SEED_EXTENSIONS.withoutCalls, call.ivrid)).toMatchObject({
				callStarted: onTheWall(reading),
				callAnswered: onTheWall(reading),
			});
		}
	});

	test("the CDR's time is on the same clock, winter and summer; its durations are unchanged", async () => {
		const receiver = await startCdrReceiver();
		try {
			simulator.setCdrNotificationUrl(receiver.url);
			const winter = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: WINTER, callAnswered: WINTER + 5 });
			const summer = simulator.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: SUMMER, callAnswered: SUMMER + 4 });
			simulator.endCall(winter.ivrid, WINTER + 65);
			simulator.endCall(summer.ivrid, SUMMER + 34);
			await simulator.cdrSendingsSettled();

			const sent = new Map(receiver.received.map((request) => {
				const cdr = JSON.parse(request.body) as { ivruniqueid: string };
				return [cdr.ivruniqueid, cdr];
			}));
			expect(sent.get(winter.ivrid)).toMatchObject({ time: onTheWall('2026-01-15 12:00:00'), duration: 65, dialtime: 5, actualCallDuration: 60 });
			expect(sent.get(summer.ivrid)).toMatchObject({ time: onTheWall('2026-07-15 13:00:00'), duration: 34, dialtime: 4, actualCallDuration: 30 });
			expect(simulator.cdr(winter.ivrid)?.time).toBe(onTheWall('2026-01-15 12:00:00'));
		} finally {
			await receiver.close();
		}
	});

	test('an account in UTC gets UTC seconds; one in India is 5 h 30 ahead', async () => {
		for (const [zone, winterReading, summerReading] of [
			['UTC', '2026-01-15 10:00:00', '2026-07-15 10:00:00'],
			['Asia/Kolkata', '2026-01-15 15:30:00', '2026-07-15 15:30:00'],
		]) {
			const own = await startSimulator({ accountTimeZone: zone });
			try {
				expect(own.accountTimeZone).toBe(zone);
				const winter = own.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: WINTER, callAnswered: WINTER + 5 });
				const summer = own.addCall(SEED_EXTENSIONS.withoutCalls, { callStarted: SUMMER, callAnswered: SUMMER + 5 });
				expect((await activeCallOf(own, SEED_EXTENSIONS.withoutCalls, winter.ivrid)).callStarted).toBe(onTheWall(winterReading));
				expect((await activeCallOf(own, SEED_EXTENSIONS.withoutCalls, summer.ivrid)).callStarted).toBe(onTheWall(summerReading));
				own.endCall(summer.ivrid, SUMMER + 60);
				expect(own.cdr(summer.ivrid)?.time).toBe(onTheWall(summerReading));
				// reset() keeps the zone it was started with.
				own.reset();
				expect(own.accountTimeZone).toBe(zone);
			} finally {
				await own.close();
			}
		}
		expect(onTheWall('2026-07-15 10:00:00')).toBe(SUMMER);
	});

	test('a zone Intl does not know is refused at start', async () => {
		await expect(startSimulator({ accountTimeZone: 'Asia/Jerusalm' })).rejects.toThrow(
			'accountTimeZone must be an IANA time zone name such as Asia/Jerusalem or UTC (got "Asia/Jerusalm")',
		);
		await expect(startSimulator({ accountTimeZone: '' })).rejects.toThrow(/accountTimeZone/);
		await expect(startSimulator({ accountTimeZone: ' UTC' })).rejects.toThrow(/accountTimeZone/);
		await expect(startSimulator({ accountTimeZone: 42 as unknown as string })).rejects.toThrow(/accountTimeZone/);
	});
});
