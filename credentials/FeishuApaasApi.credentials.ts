import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DOMAIN_PROPERTY, FEISHU_DOMAINS } from '../nodes/FeishuApaas/transport/domain';
import { mintTenantToken, MINT_PATH } from '../nodes/FeishuApaas/transport/token';

/**
 * App ID + App Secret of a Feishu / Lark custom app, exchanged for a tenant_access_token.
 *
 * The token lives in the hidden, expirable `tenantAccessToken` field (with its expiry and issuer beside
 * it), so n8n stores it with the credential and every execution, and every worker in queue mode,
 * reuses it. n8n re-runs `preAuthentication` only when that field is empty or on HTTP 401; Feishu
 * reports a dead token as HTTP 400 (code 99991663), so the node's transport decides when to re-mint.
 */
export class FeishuApaasApi implements ICredentialType {
	name = 'feishuApaasApi';

	displayName = 'Feishu aPaaS API';

	icon = { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' } as const;

	// The README's section says what to fill in and where the values come from (Feishu's token API page,
	// linked before, told a user nothing about this dialog).
	documentationUrl = 'https://github.com/n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'cli_a1b2c3d4e5f6g7h8',
			description: 'App ID of the custom app, from the Feishu / Lark developer console (Credentials & Basic Info)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'App Secret of the same app',
		},
		DOMAIN_PROPERTY,
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://open.example.com',
			description: 'Origin of the open platform, without /open-apis. Plain http is accepted only here.',
			displayOptions: { show: { domain: ['custom'] } },
		},
		{
			displayName: 'Encrypt Key',
			name: 'encryptKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Feishu aPaaS Event Trigger: the Encrypt Key of the app\'s event settings (developer console → Events and Callbacks → Encryption Strategy). Empty if the app has none.',
		},
		{
			displayName: 'Verification Token',
			name: 'verificationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Feishu aPaaS Event Trigger: the Verification Token from the same page. The trigger refuses every delivery without it.',
		},
		{
			displayName: 'Tenant Access Token',
			name: 'tenantAccessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
		{
			displayName: 'Issued For',
			name: 'issuedFor',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await mintTenantToken.call(this, credentials);
	}

	// A function rather than a `={{$credentials…}}` template: n8n resolves templates through its full
	// expression engine on every request, which costs more than the rest of a request here.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.tenantAccessToken ?? '')}`,
		};
		return requestOptions;
	}

	// The credential dialog's test (on Save and Retry). n8n runs preAuthentication first only while no
	// token is stored (its check for "this is a test" compares the node type with a name its loader
	// never gives, so it never holds): a new credential fails there with the mint's message, but once a
	// token is stored — the dialog sends it back with the form — only the request below runs. So the
	// request mints with the form's App ID and Secret itself (a stored token proves nothing about a
	// changed secret), lets a refusal through as an answer (not n8n's "Bad Request"), and the rules turn
	// Feishu's codes into the mint's own wording; the dialog shows it under "Couldn't connect with these
	// settings" → More details (test/credentials/credential-test.test.ts, the editor e2e).
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.domain === "lark" ? "${FEISHU_DOMAINS.lark}" : $credentials.domain === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "${FEISHU_DOMAINS.feishu}"}}`,
			url: MINT_PATH,
			method: 'POST',
			body: {
				app_id: '={{$credentials.appId}}',
				app_secret: '={{$credentials.appSecret}}',
			},
			ignoreHttpStatusErrors: true,
			// The body holds the app secret: never carry it to wherever a redirect points (as the mint).
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 10003, message: 'Feishu refused to issue a tenant access token (code 10003): invalid param' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 10014, message: 'Feishu refused to issue a tenant access token (code 10014): app secret invalid' },
			},
			{
				// Any other refusal, or an answer that is not Feishu's (an HTML page, a redirect): no token in it.
				type: 'responseSuccessBody',
				properties: {
					key: 'tenant_access_token',
					value: undefined,
					message: 'Feishu issued no tenant access token for this App ID and App Secret: check them, the Domain and the Base URL',
				},
			},
		],
	};
}
