import { capBytesOf, N8N_DEFAULT_CAP_MB, spaceReport } from '../nodes/Voicenter/kit/dataTableSpace';
import { exampleWorkflow as example } from './engine/workflows';

const MB = 1024 * 1024;
const cap = capBytesOf(N8N_DEFAULT_CAP_MB);

describe("how full n8n's Data Tables are, for the pause ledger", () => {
	test("below the warning: ok, all tables counted, the ledger's share named", () => {
		const report = spaceReport(
			[
				{ name: 'Voicenter pause ledger', sizeBytes: 100 * MB },
				{ name: 'orders', sizeBytes: 59 * MB },
			],
			cap,
			80,
		);
		expect(report).toMatchObject({ state: 'ok', usedBytes: 159 * MB, capBytes: 200 * MB, usedPercent: 79.5, ledgerBytes: 100 * MB, tables: 2 });
		expect(report.message).toBe("n8n's Data Tables hold 159.0 MB of the 200.0 MB n8n allows (79.5 %), the pause ledger 100.0 MB of it.");
	});

	test('from the warning: warn, with what happens at the cap and the three ways out', () => {
		const report = spaceReport([{ name: 'VOICENTER PAUSE LEDGER', sizeBytes: 160 * MB }], cap, 80);
		expect(report).toMatchObject({ state: 'warn', usedPercent: 80, ledgerBytes: 160 * MB });
		expect(report.message).toContain('At 100 % n8n refuses every ledger write.');
		for (const way of ['N8N_DATA_TABLES_MAX_SIZE_BYTES', 'retention workflow', 'PostgreSQL']) expect(report.message).toContain(way);
	});

	test('at the cap: full, saying pauses are not being recorded', () => {
		const report = spaceReport([{ name: 'Voicenter pause ledger', sizeBytes: 96 * 1024 }], 96 * 1024, 80);
		expect(report.state).toBe('full');
		expect(report.message).toContain('n8n now refuses every ledger write: pauses are NOT being recorded.');
	});

	test('a warning of your own, and no ledger table yet', () => {
		expect(spaceReport([{ name: 'orders', sizeBytes: 120 * MB }], cap, 50)).toMatchObject({ state: 'warn', ledgerBytes: 0, warnAtPercent: 50 });
		expect(spaceReport([], cap, 80)).toMatchObject({ state: 'ok', usedBytes: 0, usedPercent: 0, tables: 0 });
	});

	test("the morning check alerts the watchdog's Alert inbox, signed, when the state is not ok", () => {
		const workflow = example('pause-ledger-space.json');
		const check = workflow.nodes.find((node) => node.name === 'Data Table space')!;
		expect(check.parameters).toEqual({ operation: 'checkSpace', capMb: N8N_DEFAULT_CAP_MB, warnAtPercent: 80 });
		const near = workflow.nodes.find((node) => node.name === 'Near the cap?')!;
		expect(JSON.stringify(near.parameters)).toContain('"leftValue":"={{ $json.state }}","rightValue":"ok","operator":{"type":"string","operation":"notEquals"}');
		expect(workflow.connections['Near the cap?'].main[0]).toEqual([{ node: 'Sign the space alert', type: 'main', index: 0 }]);
		expect(workflow.connections['Near the cap?'].main[1]).toEqual([]);
		const sign = workflow.nodes.find((node) => node.name === 'Sign the space alert')!;
		expect(sign.credentials).toEqual({ jwtAuth: { id: 'voicenter-watchdog-jwt', name: 'Watchdog alerts (local test passphrase)' } });
		expect(workflow.connections['Sign the space alert'].main[0]).toEqual([{ node: 'Notify (swap for Slack or e-mail)', type: 'main', index: 0 }]);
	});
});
