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

	// n8n's credential test (n8n 1.x and 2.x) always runs preAuthentication first, so a bad App ID or
	// Secret, a host that does not answer or a non-Feishu answer already fails there, and the mint's
	// message is what the dialog shows under "Couldn't connect with these settings" (Feishu's code and
	// msg, e.g. "Feishu refused to issue a tenant access token (code 10014): app secret invalid"; see
	// test/credentials/credential-test.test.ts). The request below then confirms the host answers; its
	// rules are a fallback with the same wording should an n8n ever skip the mint.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.domain === "lark" ? "${FEISHU_DOMAINS.lark}" : $credentials.domain === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "${FEISHU_DOMAINS.feishu}"}}`,
			url: MINT_PATH,
			method: 'POST',
			body: {
				app_id: '={{$credentials.appId}}',
				app_secret: '={{$credentials.appSecret}}',
			},
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
		],
	};
}
