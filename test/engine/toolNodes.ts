import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { addNodeType } from './loadNodeTypes';
import { engineTypes } from './runWorkflow';

export const TOOL_NODE_TYPE = 'n8n-nodes-voicenter.voicenterRecordingTool';
export const TOOL_CALLER_TYPE = 'test.toolCaller';

/**
 * The node as n8n's loader offers it to AI agents (n8n's CLI, not a package the tests load, does
 * this copy): same class, named `…Tool`, no main input, one `ai_tool` output. n8n adds its own Tool
 * Description field only to nodes without one; ours has one per operation.
 */
function asToolType(nodeType: INodeType): INodeType {
	const tool = Object.create(Object.getPrototypeOf(nodeType) as object) as INodeType;
	Object.assign(tool, nodeType);
	tool.description = {
		...nodeType.description,
		name: `${nodeType.description.name}Tool`,
		displayName: `${nodeType.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	return tool;
}

/** One tool as the caller reports it: what a model is shown, and what calling it gave. */
export interface ToolCall {
	name: string;
	description: string;
	/** The input schema's keys, each with whether the model must give it. */
	parameters: Record<string, { required: boolean }>;
	/** What the model would read: the tool's answer text. */
	answer?: string;
	/** The message of the error the tool threw instead of answering. */
	thrown?: string;
}

interface LangchainTool {
	name: string;
	description: string;
	schema: { shape: Record<string, { isOptional(): boolean }> };
	invoke(args: IDataObject): Promise<string>;
}

/**
 * Stands in for n8n's AI Agent and MCP Server Trigger, which are not installed here (the real ones
 * run in the e2e): takes the connected tools from n8n-core and invokes each with the input item's
 * `args`, as a model's tool call would.
 */
class ToolCaller implements INodeType {
	description = {
		displayName: 'Tool Caller',
		name: 'toolCaller',
		group: ['transform'],
		version: 1,
		description: 'Invokes its connected tools',
		defaults: { name: 'Tool Caller' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as LangchainTool | LangchainTool[];
		const tools = Array.isArray(connected) ? connected : [connected];
		const args = (this.getInputData()[0].json.args ?? {}) as IDataObject;
		const calls: ToolCall[] = [];
		for (const tool of tools) {
			const parameters = Object.fromEntries(
				Object.entries(tool.schema.shape).map(([key, field]) => [key, { required: !field.isOptional() }]),
			);
			const call: ToolCall = { name: tool.name, description: tool.description, parameters };
			try {
				call.answer = await tool.invoke(args);
			} catch (error) {
				call.thrown = (error as Error).message;
			}
			calls.push(call);
		}
		return [calls.map((call) => ({ json: call as unknown as IDataObject, pairedItem: { item: 0 } }))];
	}
}

/** Registers the tool variant of the package's node and the caller, once per test file. */
export async function registerToolNodes(): Promise<void> {
	const { nodeTypes } = await engineTypes();
	addNodeType(TOOL_NODE_TYPE, asToolType(nodeTypes.getByName('n8n-nodes-voicenter.voicenterRecording') as INodeType));
	addNodeType(TOOL_CALLER_TYPE, new ToolCaller());
}
