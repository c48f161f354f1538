/**
 * A test-only workflow: a webhook hands a call ID to n8n's AI Agent, whose OpenAI Chat Model is
 * the scripted stand-in (openAiStandIn.ts) and whose one tool is the Voicenter Recording node as
 * `pause_recording`. The webhook answers with the agent's output once the agent is done.
 */
import { EXAMPLE_CREDENTIAL_ID } from '../../scripts/n8n/exampleWorkflows';
import type { ImportedCredential, ImportedWorkflow } from '../../scripts/n8n/n8nInstance';
import { STAND_IN_MODEL } from './openAiStandIn';

export const AI_AGENT_WORKFLOW_ID = 'VcAiAgentPause01';
export const AI_AGENT_PATH = 'voicenter/ai-agent-pause';
export const TOOL_NAME = 'pause_recording';
const OPENAI_CREDENTIAL = { id: 'openai-stand-in', name: 'OpenAI (local stand-in)' };

export function openAiStandInCredential(baseUrl: string): ImportedCredential {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-stand-in', url: baseUrl } };
}

/** The user message the agent gets: the call ID the webhook received, in quotes after "call ID". */
export const CALL_ID_IN_PROMPT = /call ID "([^"]*)"/;

export function aiAgentWorkflow(): ImportedWorkflow {
	const node = (suffix: string, name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>) => ({
		id: `7a1f3c52-9d4e-4b8a-a6c1-0e2d4f6a8b${suffix}`,
		name,
		type,
		typeVersion,
		position,
		parameters,
	});
	const nodes = [
		{
			...node('01', 'Card form opened', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: AI_AGENT_PATH, responseMode: 'lastNode', options: {} }),
			webhookId: '4c8e1a2b-6d3f-4e7a-9b5c-1f2e3d4c5b6a',
		},
		// 3 is the newest version both n8n 1.123.81 and 2.41.1 have.
		node('02', 'AI Agent', '@n8n/n8n-nodes-langchain.agent', 3, [240, 0], {
			promptType: 'define',
			text: '=The caller is about to read their card number on Voicenter call ID "{{ $json.body.callId }}". Pause its recording first.',
			options: { systemMessage: 'You help a contact-centre agent keep card numbers out of call recordings. Use pause_recording before a caller reads a card number, and tell the caller whether it is safe.' },
		}),
		{
			// 1.2 calls Chat Completions; 1.3 defaults to the Responses API (/v1/responses).
			...node('03', 'OpenAI Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.2, [160, 220], {
				model: { __rl: true, mode: 'id', value: STAND_IN_MODEL },
				options: {},
			}),
			credentials: { openAiApi: OPENAI_CREDENTIAL },
		},
		{
			...node('04', TOOL_NAME, 'n8n-nodes-voicenter.voicenterRecordingTool', 2, [360, 220], {
				operation: 'mute',
				target: 'callId',
				callId: {
					__rl: true,
					mode: 'id',
					value: "={{ $fromAI('callId', 'The Voicenter call ID (ivrid) of the live call whose recording to pause', 'string') }}",
				},
				options: { verify: true },
			}),
			credentials: { voicenterApi: { id: EXAMPLE_CREDENTIAL_ID, name: 'Voicenter (local simulator)' } },
		},
	];
	return {
		id: AI_AGENT_WORKFLOW_ID,
		active: true,
		definition: {
			name: 'Test: AI Agent pauses the recording through the Voicenter tool',
			nodes,
			connections: {
				'Card form opened': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
				'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
				[TOOL_NAME]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	};
}
