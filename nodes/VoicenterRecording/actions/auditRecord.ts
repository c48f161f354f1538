import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** What the compliance trail records of one Mute/Unmute item, on success and on failure. */
export interface AuditFacts {
	operation: 'mute' | 'unmute';
	target: string;
	value: string;
	state: string;
	ActionID?: unknown;
	verified?: unknown;
	calls?: unknown;
}

export function auditRecord(context: IExecuteFunctions, facts: AuditFacts): IDataObject {
	return {
		timestamp: new Date().toISOString(),
		executionId: context.getExecutionId() ?? null,
		workflowId: context.getWorkflow().id ?? null,
		nodeName: context.getNode().name,
		operation: facts.operation,
		target: facts.target,
		targetValue: facts.value,
		requestedState: facts.operation === 'mute' ? 'muted' : 'recording',
		state: facts.state,
		ActionID: typeof facts.ActionID === 'string' ? facts.ActionID : null,
		...(facts.verified === undefined ? {} : { verified: facts.verified, verifiedCalls: facts.calls ?? [] }),
	};
}
