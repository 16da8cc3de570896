/**
 * A Feishu aPaaS OAuth2 API credential for the e2e, connected the way n8n's "Connect my account" does it
 * (consent page, then the code exchange with PKCE) against the emulator process, and written as an
 * `n8n import:credentials` file: n8n stores the token answer as the credential's oauthTokenData.
 */
import type { FeishuEmulator } from '../../emulator';
import { connect, REDIRECT } from '../../test/helpers/emulator/oauth';
import type { EmulatorProcess } from './emulator';

export const USER_CREDENTIAL_ID = 'feishuApaasUserEmulator';
export const ADMIN_SCOPES = [
	'offline_access',
	'app_engine:apps:read',
	'app_engine:security.audit_log:read',
	'app_engine:seat_assignments:read',
	'app_engine:seat_activities:read',
];

export async function userCredentialFile(
	emulator: EmulatorProcess,
	app: { id: string; secret: string },
	scopes: string[] = ADMIN_SCOPES,
): Promise<{ file: string; tokens: string[] }> {
	// connect() needs the emulator's URL and its seed; the process takes the seed over its control API.
	const remote = { url: emulator.url, seed: (seed: unknown) => void emulator.control('seed', seed) };
	await emulator.control('seed', { oauth: { redirectUris: [REDIRECT] } });
	const pair = await connect(remote as unknown as FeishuEmulator, scopes, app);
	const file = JSON.stringify([
		{
			id: USER_CREDENTIAL_ID,
			name: 'Feishu aPaaS user (emulator)',
			type: 'feishuApaasOAuth2Api',
			data: {
				domain: 'custom',
				baseUrl: emulator.url,
				clientId: app.id,
				clientSecret: app.secret,
				scope: scopes.join(' '),
				oauthTokenData: pair,
			},
		},
	]);
	return { file, tokens: [String(pair.access_token), String(pair.refresh_token)] };
}
