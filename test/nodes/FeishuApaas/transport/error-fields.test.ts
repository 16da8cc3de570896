/**
 * What n8n's error panel shows of a Feishu error: `httpCode` is its "Error code" and the description
 * its text, so Feishu's code and log id must be there (not only inside the details object).
 */
import type { FeishuEmulator } from '../../../../emulator';
import { cancel, errorDetails, runNode, useEmulator } from '../../../helpers/feishu';

describe('Feishu errors as n8n shows them', () => {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));

	it("Error code is Feishu's code (not the HTTP status); the description names the log id and the HTTP status", async () => {
		emulator.addFault({ kind: 'feishuError', code: 2320001, msg: 'param is invalid', path: '/cancel', times: 1 });
		const { error } = await runNode(emulator, { parameters: cancel('7100000000000000001') });
		const e = error as { httpCode?: string; description?: string; message?: string };
		expect(e.message).toBe('Feishu error 2320001: param is invalid');
		expect(e.httpCode).toBe('2320001');
		const logId = errorDetails(error).log_id as string;
		expect(logId).toMatch(/\S/);
		expect(e.description).toContain(`Feishu log id: ${logId}`);
		expect(e.description).toContain('HTTP 400');
	});
});
