/**
 * Set-up for the administration engine tests: the emulator with the sample tenant (apps, logs,
 * seats, metrics), a user credential connected through the emulator's OAuth flow (its user is an
 * aPaaS system admin in the sample), and the node run with Authentication = User.
 */
import type { FeishuEmulator } from '../../emulator';
import { useEmulator } from './feishu';
import { runUserNode, userCredentialStore } from './data-platform';

export const NS_LOCATOR = { __rl: true, mode: 'name', value: 'demo_app' };
/** 2026-11-30 (UTC), the day of the sample logs. */
export const DAY_FROM = '2026-11-30T00:00:00.000Z';
export const DAY_TO = '2026-11-30T23:59:59.999Z';

export function useAdminTenant(): { emulator: () => FeishuEmulator; run: (parameters: Record<string, unknown>, options?: Parameters<typeof runUserNode>[2]) => ReturnType<typeof runUserNode> } {
	let emulator: FeishuEmulator;
	useEmulator((started) => (emulator = started));
	return {
		emulator: () => emulator,
		run: async (parameters, options) => runUserNode(await userCredentialStore(emulator), parameters as never, options),
	};
}

/** Requests the emulator received on aPaaS paths, with their query strings parsed. */
export function adminRequests(emulator: FeishuEmulator, fragment: string) {
	return emulator.requests.filter((r) => r.path.includes(fragment)).map((r) => ({ ...r, params: new URLSearchParams(r.query) }));
}
