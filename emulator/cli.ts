/**
 * Runs the emulator standalone for the demo and manual testing:
 *   tsx emulator/cli.ts --port 8088 [--app-id cli_demo --app-secret demo_secret] [--workflow]
 * Seeds the sample dataset (with --workflow: plus the two-step workflow add-on), prints the URL and the (demo-only) credentials, and stays up
 * until SIGINT/SIGTERM.
 */
import { FeishuEmulator } from './server';
import { SAMPLE_USERS } from './sample-tenant';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const port = Number(arg('port') ?? 8088);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${arg('port')}`);
	const appId = arg('app-id') ?? 'cli_demo';
	const appSecret = arg('app-secret') ?? 'demo_secret';

	const seed = { preset: process.argv.includes('--workflow') ? ('workflow' as const) : ('sample' as const) };
	const emulator = await FeishuEmulator.start({ port, apps: [{ appId, appSecret }], seed });
	// These are throwaway demo credentials for a loopback server, printed on purpose.
	process.stdout.write(
		[
			`Feishu emulator listening on ${emulator.url}`,
			`  App ID:     ${appId}`,
			`  App Secret: ${appSecret}`,
			`  Sample users: ${Object.entries(SAMPLE_USERS).map(([n, id]) => `${n}=${id}`).join(', ')}`,
			`  Control API: ${emulator.url}/__emulator/state`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);

	const shutdown = () => {
		void emulator.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
	process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exit(1);
});
