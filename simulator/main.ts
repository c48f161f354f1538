/**
 * Runs the Voicenter simulator on its own:
 *   node build/simulator/main.js [--port N] [--host 127.0.0.1] [--error-code-as-number]
 * The port may also come from VOICENTER_SIM_PORT; the token from VOICENTER_SIM_TOKEN
 * (default 'sim-token').
 */
import { startSimulator, type SimulatorOptions } from './voicenterSimulator';

interface CliOptions extends SimulatorOptions {
	tokenFromEnvironment: boolean;
}

function parseArguments(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
	const options: CliOptions = {
		host: '127.0.0.1',
		port: env.VOICENTER_SIM_PORT === undefined ? 0 : parsePort(env.VOICENTER_SIM_PORT),
		tokenFromEnvironment: env.VOICENTER_SIM_TOKEN !== undefined && env.VOICENTER_SIM_TOKEN !== '',
	};
	if (options.tokenFromEnvironment) options.token = env.VOICENTER_SIM_TOKEN;

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
		else throw new Error(`unknown argument ${argument}`);
	}
	return options;
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
	console.log(`Voicenter simulator listening on ${simulator.baseUrl}`);
	// The default token is public knowledge; a token given through the environment stays unprinted.
	console.log(
		options.tokenFromEnvironment
			? 'API token (GetExtensionsCalls code): from VOICENTER_SIM_TOKEN'
			: `API token (GetExtensionsCalls code): ${simulator.token}`,
	);

	let stopping = false;
	const stop = (): void => {
		if (stopping) process.exit(1);
		stopping = true;
		void simulator.close().then(() => console.log('Voicenter simulator stopped'));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(`Voicenter simulator: ${error.message}`);
	process.exit(1);
});
