import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

import type { VoicenterProblem } from './types';

/**
 * Words every failure the same way: what was asked, for which item (none when the editor loads a list), and why. Built from a
 * plain object rather than the HTTP client's error so that no request internals end up in the
 * error n8n stores and shows.
 */
export function voicenterError(
	node: INode,
	subject: string,
	itemIndex: number | undefined,
	problem: VoicenterProblem,
): NodeApiError {
	const message = `${subject} failed${itemIndex === undefined ? '' : ` (item ${itemIndex})`}: ${problem.reason}`;
	const answer: JsonObject = {};
	if (problem.ErrorCode !== undefined) answer.ErrorCode = problem.ErrorCode;
	if (problem.Message !== undefined) answer.Message = problem.Message;
	const outputFields: IDataObject = { ...answer, ...problem.fields };

	const error = new NodeApiError(
		node,
		{ message, ...answer },
		{
			message,
			description: problem.hint,
			httpCode: problem.httpCode === undefined ? undefined : String(problem.httpCode),
			itemIndex,
		},
	);
	// NodeApiError swaps messages that mention a network error code for n8n's generic wording,
	// which would lose the item and the target.
	error.message = message;
	error.context.outputFields = outputFields;
	return error;
}
