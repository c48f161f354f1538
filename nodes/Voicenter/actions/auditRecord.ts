import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runFacts } from '../helpers/runFacts';
import type { Requester } from './requester';

/** What the compliance trail records of one Mute/Unmute item, on success and on failure. */
export interface AuditFacts extends Requester {
	operation: 'mute' | 'unmute';
	target: string;
	value: string;
	state: string;
	ActionID?: unknown;
	verified?: unknown;
	calls?: unknown;
}

export function auditRecord(context: IExecuteFunctions, facts: AuditFacts): IDataObject {
	const { executionId, workflowId, nodeName } = runFacts(context);
	return {
		timestamp: new Date().toISOString(),
		executionId,
		workflowId,
		nodeName,
		requestedBy: facts.requestedBy,
		source: facts.source,
		operation: facts.operation,
		target: facts.target,
		targetValue: facts.value,
		requestedState: facts.operation === 'mute' ? 'muted' : 'recording',
		state: facts.state,
		ActionID: typeof facts.ActionID === 'string' ? facts.ActionID : null,
		...(facts.verified === undefined ? {} : { verified: facts.verified, verifiedCalls: facts.calls ?? [] }),
	};
}
