/**
 * An MCP client built on the official SDK, as Claude Desktop or Cursor would connect to the MCP
 * example (examples/ai-agent-mcp-tools.json): streamable HTTP, the token as a bearer header.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface McpConnection {
	client: Client;
	transport: StreamableHTTPClientTransport;
}

/** What a tools/call answered: n8n sends one text content, the error flag set when the tool threw. */
export interface McpToolAnswer {
	isError?: boolean;
	text: string;
}

export async function connectMcp(url: URL, token?: string): Promise<McpConnection> {
	const client = new Client({ name: 'voicenter-e2e', version: '1.0.0' });
	const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
	const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers } });
	await client.connect(transport);
	return { client, transport };
}

export async function callMcpTool(client: Client, name: string, args: Record<string, unknown>): Promise<McpToolAnswer> {
	const answer = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text?: string }> };
	expect(answer.content).toHaveLength(1);
	return { isError: answer.isError, text: answer.content[0].text ?? '' };
}
