/**
 * A scripted stand-in for OpenAI's Chat Completions API on 127.0.0.1, for n8n's OpenAI Chat Model
 * (`openAiApi` credential, Base URL = `baseUrl`). It holds no model: each answer follows from the
 * conversation the request carries, so an agent that sends the tool's result back gets an answer
 * that depends on what the tool said.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

export interface RecordedChatRequest {
	method: string;
	path: string;
	body: { model?: string; stream?: boolean; messages?: ChatMessage[]; tools?: unknown[]; [key: string]: unknown };
}

export type ScriptedTurn = { toolCall: { name: string; arguments: Record<string, unknown> } } | { text: string };

/** Decides the assistant's next turn from the messages of one request. */
export type Conversation = (messages: ChatMessage[]) => ScriptedTurn;

export const STAND_IN_MODEL = 'gpt-stand-in';

export interface OpenAiStandIn {
	/** For the credential's `url`: ends in /v1, as OpenAI's does. */
	baseUrl: string;
	/** Every request received since the last reset, oldest first. Tool call IDs count from call_stand_in_1 again after a reset. */
	requests: RecordedChatRequest[];
	/** The content of every `tool` message the chat completion requests carried. */
	toolMessages(): string[];
	reset(): void;
	close(): Promise<void>;
}

/** The text of a message's content, whether a string or a list of text parts. */
export function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part: { text?: string }) => part?.text ?? '').join('');
	return '';
}

export async function startOpenAiStandIn(conversation: Conversation): Promise<OpenAiStandIn> {
	const requests: RecordedChatRequest[] = [];
	let toolCallCount = 0;
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const recorded: RecordedChatRequest = { method: request.method ?? '', path: request.url ?? '', body: {} };
			requests.push(recorded);
			const path = recorded.path.split('?')[0];
			// A script that throws (or a body that is not JSON) must reach the test as an API error, not crash jest.
			try {
				if (raw !== '') recorded.body = JSON.parse(raw);
				if (recorded.method === 'GET' && path === '/v1/models') {
					sendJson(response, 200, { object: 'list', data: [{ id: STAND_IN_MODEL, object: 'model', created: 0, owned_by: 'stand-in' }] });
				} else if (recorded.method === 'POST' && path === '/v1/chat/completions') {
					const turn = conversation(recorded.body.messages ?? []);
					const toolCallId = 'toolCall' in turn ? `call_stand_in_${++toolCallCount}` : undefined;
					if (recorded.body.stream === true) streamTurn(response, turn, toolCallId, recorded.body);
					else sendJson(response, 200, completion(turn, toolCallId));
				} else {
					sendJson(response, 404, { error: { message: `The stand-in does not serve ${recorded.method} ${path}`, type: 'invalid_request_error' } });
				}
			} catch (error) {
				// 400, not 500: the OpenAI client retries a 500.
				sendJson(response, 400, { error: { message: `Stand-in: ${(error as Error).message}`, type: 'invalid_request_error' } });
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		toolMessages: () =>
			requests.flatMap((recorded) => (recorded.body.messages ?? []).filter((message) => message.role === 'tool').map((message) => textOf(message.content))),
		reset: () => {
			requests.length = 0;
			toolCallCount = 0;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function assistantMessage(turn: ScriptedTurn, toolCallId: string | undefined): Record<string, unknown> {
	if ('text' in turn) return { role: 'assistant', content: turn.text };
	return {
		role: 'assistant',
		content: null,
		tool_calls: [{ id: toolCallId, type: 'function', function: { name: turn.toolCall.name, arguments: JSON.stringify(turn.toolCall.arguments) } }],
	};
}

function completion(turn: ScriptedTurn, toolCallId: string | undefined): Record<string, unknown> {
	return {
		id: `chatcmpl-stand-in-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: STAND_IN_MODEL,
		choices: [{ index: 0, message: assistantMessage(turn, toolCallId), finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }],
		usage: USAGE,
	};
}

/** The same turn as server-sent chat.completion.chunk events: the whole delta in one chunk, then the finish. */
function streamTurn(response: http.ServerResponse, turn: ScriptedTurn, toolCallId: string | undefined, body: RecordedChatRequest['body']): void {
	response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const base = { id: `chatcmpl-stand-in-${Date.now()}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: STAND_IN_MODEL };
	const send = (chunk: Record<string, unknown>) => response.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
	const delta =
		'text' in turn
			? { role: 'assistant', content: turn.text }
			: {
					role: 'assistant',
					content: null,
					tool_calls: [{ index: 0, id: toolCallId, type: 'function', function: { name: turn.toolCall.name, arguments: JSON.stringify(turn.toolCall.arguments) } }],
				};
	send({ choices: [{ index: 0, delta, finish_reason: null }] });
	send({ choices: [{ index: 0, delta: {}, finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }] });
	if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true) send({ choices: [], usage: USAGE });
	response.end('data: [DONE]\n\n');
}
