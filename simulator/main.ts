/**
 * Runs the Voicenter simulator on its own:
 *   node build/simulator/main.js [--port N] [--host 127.0.0.1] [--error-code-as-number]
 *     [--tls-key server.key --tls-cert server.pem] [--rtt-ms 40 [--wan-port N]]
 *     [--cdr-notification-url URL] [--time-zone Asia/Jerusalem] [--extensions 2000 --live-calls 1500]
 * The port may also come from VOICENTER_SIM_PORT; the token from VOICENTER_SIM_TOKEN
 * (default 'sim-token'); the CDR notification URL from VOICENTER_SIM_CDR_URL (where each ended
 * call's CDR is POSTed, as Voicenter does; see cdrNotification.ts); the account's time zone, on
 * whose wall clock Active Calls' and the CDR's times are written (default Asia/Jerusalem; see
 * accountClock.ts), from VOICENTER_SIM_TIME_ZONE. With --tls-key and --tls-cert it serves HTTPS (localCertificates.ts makes
 * a pair and its CA). With --rtt-ms it also listens on --wan-port (default: a free port) through a
 * proxy that puts that round-trip time between the client and the simulator (wanProxy.ts), and
 * prints that address as the one it listens on.
 */
import fs from 'node:fs';

import { startSimulator, type SimulatorOptions } from './voicenterSimulator';
import { startWanProxy } from './wanProxy';

interface CliOptions extends SimulatorOptions {
	tokenFromEnvironment: boolean;
	cdrUrlFromEnvironment: boolean;
	timeZoneFromEnvironment: boolean;
	tlsKey?: string;
	tlsCert?: string;
	rttMs?: number;
	wanPort: number;
}

function parseArguments(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
	const options: CliOptions = {
		host: '127.0.0.1',
		port: env.VOICENTER_SIM_PORT === undefined ? 0 : parsePort(env.VOICENTER_SIM_PORT),
		tokenFromEnvironment: env.VOICENTER_SIM_TOKEN !== undefined && env.VOICENTER_SIM_TOKEN !== '',
		wanPort: 0,
		cdrUrlFromEnvironment: env.VOICENTER_SIM_CDR_URL !== undefined && env.VOICENTER_SIM_CDR_URL !== '',
		timeZoneFromEnvironment: env.VOICENTER_SIM_TIME_ZONE !== undefined && env.VOICENTER_SIM_TIME_ZONE !== '',
	};
	if (options.tokenFromEnvironment) options.token = env.VOICENTER_SIM_TOKEN;
	if (options.cdrUrlFromEnvironment) options.cdrNotificationUrl = env.VOICENTER_SIM_CDR_URL;
	if (options.timeZoneFromEnvironment) options.accountTimeZone = env.VOICENTER_SIM_TIME_ZONE;

	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		const value = (): string => {
			const next = argv[++index];
			if (next === undefined) throw new Error(`${argument} needs a value`);
			return next;
		};
		if (argument === '--port') options.port = parsePort(value());
		else if (argument === '--host') options.host = value();
		else if (argument === '--error-code-as-number') options.errorCodeAsNumber = true;
		else if (argument === '--tls-key') options.tlsKey = value();
		else if (argument === '--tls-cert') options.tlsCert = value();
		else if (argument === '--rtt-ms') options.rttMs = parseRtt(value());
		else if (argument === '--wan-port') options.wanPort = parsePort(value());
		else if (argument === '--cdr-notification-url') {
			options.cdrNotificationUrl = value();
			options.cdrUrlFromEnvironment = false;
		}
		else if (argument === '--extensions') options.scale = { extensions: parseCount(value()), liveCalls: options.scale?.liveCalls ?? 0 };
		else if (argument === '--live-calls') options.scale = { extensions: options.scale?.extensions ?? 0, liveCalls: parseCount(value()) };
		else if (argument === '--time-zone') {
			options.accountTimeZone = value();
			options.timeZoneFromEnvironment = false;
		}
		else throw new Error(`unknown argument ${argument}`);
	}
	if ((options.tlsKey === undefined) !== (options.tlsCert === undefined)) {
		throw new Error('--tls-key and --tls-cert go together');
	}
	if (options.tlsKey !== undefined && options.tlsCert !== undefined) {
		options.tls = { key: fs.readFileSync(options.tlsKey), cert: fs.readFileSync(options.tlsCert) };
	}
	return options;
}

function parseCount(text: string): number {
	const count = Number(text);
	if (!Number.isInteger(count) || count < 0) throw new Error(`not a count: ${text}`);
	return count;
}

function parseRtt(text: string): number {
	const rtt = Number(text);
	if (!Number.isFinite(rtt) || rtt < 0) throw new Error(`not a round-trip time in ms: ${text}`);
	return rtt;
}

function parsePort(text: string): number {
	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`not a port number: ${text}`);
	}
	return port;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2), process.env);
	const simulator = await startSimulator(options);
	const wan = options.rttMs === undefined ? undefined : await startWanProxy({ targetPort: simulator.port, rttMs: options.rttMs, port: options.wanPort });
	if (wan === undefined) {
		console.log(`Voicenter simulator listening on ${simulator.baseUrl}`);
	} else {
		const delayed = new URL(simulator.baseUrl);
		delayed.port = String(wan.port);
		console.log(`Voicenter simulator listening on ${delayed.href} (${wan.rttMs} ms round trip away; without the delay: ${simulator.baseUrl})`);
	}
	// The default token is public knowledge; a token given through the environment stays unprinted.
	console.log(
		options.tokenFromEnvironment
			? 'API token (GetExtensionsCalls code): from VOICENTER_SIM_TOKEN'
			: `API token (GetExtensionsCalls code): ${simulator.token}`,
	);
	const zoneSource = options.timeZoneFromEnvironment ? ' (from VOICENTER_SIM_TIME_ZONE)' : '';
	console.log(`Account time zone: ${simulator.accountTimeZone}${zoneSource} (Active Calls' and CDR times are written on its clock, as Voicenter writes them)`);
	if (options.scale !== undefined) {
		console.log(`Account: ${options.scale.extensions} more extensions (EXT00001, …) and ${options.scale.liveCalls} live calls beside the seeded ones`);
	}
	// Voicenter signs no CDR: the URL's path is the receiver's secret, so only its origin is printed.
	const cdrUrl = simulator.cdrNotificationUrl;
	if (cdrUrl !== null) {
		const source = options.cdrUrlFromEnvironment ? ' (from VOICENTER_SIM_CDR_URL)' : '';
		console.log(`CDR notification: each ended call's CDR is POSTed to ${new URL(cdrUrl).origin}/…${source}`);
	}

	let stopping = false;
	const stop = (): void => {
		if (stopping) process.exit(1);
		stopping = true;
		void Promise.all([wan?.close(), simulator.close()]).then(() => console.log('Voicenter simulator stopped'));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`Voicenter simulator: ${error.message}`);
	process.exit(1);
});
