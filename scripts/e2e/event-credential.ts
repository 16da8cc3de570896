/**
 * The app credential the event e2e and the queue-mode event test import into n8n: the emulator's demo
 * app, with the Encrypt Key and Verification Token its event pusher signs and encrypts with.
 */
export const EVENT_CREDENTIAL_ID = 'feishuApaasEmulator';

export function eventCredentialFile(baseUrl: string, secrets: { encryptKey: string; verificationToken: string }): string {
	return JSON.stringify([
		{
			id: EVENT_CREDENTIAL_ID,
			name: 'Feishu aPaaS (emulator)',
			type: 'feishuApaasApi',
			data: { appId: 'cli_demo', appSecret: 'demo_secret', domain: 'custom', baseUrl, ...secrets },
		},
	]);
}
