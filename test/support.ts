import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSimulator, type VoicenterSimulator } from '../simulator/voicenterSimulator';
import { runWorkflow, type RunResult } from './engine/runWorkflow';
import { chain, recordingNode } from './engine/workflows';

/** A token no output, error or URL may ever contain. */
export const SECRET_TOKEN = 'tok-SECRET-9f8e7d6c5b4a';

export interface Harness {
	sim: VoicenterSimulator;
	/** Runs one Voicenter Recording node over `input` items. */
	run(
		parameters: INodeParameters,
		input?: INodeExecutionData[],
		options?: {
			continueOnFail?: boolean;
			/** "On Error: Continue (using error output)" instead of the regular output. */
			errorOutput?: boolean;
			baseUrl?: string;
			token?: string;
		},
	): Promise<RunResult>;
}

function onErrorSetting(options: { continueOnFail?: boolean; errorOutput?: boolean }): Partial<INode> {
	if (options.errorOutput) return { onError: 'continueErrorOutput' };
	return options.continueOnFail ? { onError: 'continueRegularOutput' } : {};
}

/** Starts one simulator for the test file and resets it before each test. */
export function useSimulator(): Harness {
	const harness = {} as Harness;
	beforeAll(async () => {
		harness.sim = await startSimulator({ token: SECRET_TOKEN });
	});
	beforeEach(() => harness.sim.reset());
	afterAll(async () => await harness.sim.close());

	harness.run = async (parameters, input = [{ json: {} }], options = {}) =>
		await runWorkflow(
			chain(recordingNode(parameters, onErrorSetting(options))),
			{
				input,
				credentials: {
					'voicenter-test': { baseUrl: options.baseUrl ?? harness.sim.baseUrl, apiToken: options.token ?? SECRET_TOKEN },
				},
			},
		);
	return harness;
}

export const items = (...jsons: Array<Record<string, unknown>>): INodeExecutionData[] =>
	jsons.map((json) => ({ json: json as INodeExecutionData['json'] }));
