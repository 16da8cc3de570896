import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { DOMAIN_PROPERTY, FEISHU_DOMAINS } from '../nodes/FeishuApaas/transport/domain';
import {
	DEFAULT_USER_SCOPES,
	FEISHU_ACCOUNTS_DOMAINS,
	CONSENT_PAGE_PATH,
	USER_GRANT_PATH,
} from '../nodes/FeishuApaas/transport/oauth';

/** `{baseUrl}` of a custom domain as an n8n expression over the credential's own fields, no trailing slash. */
const CUSTOM_BASE = 'String($self.baseUrl ?? "").trim().replace(/\\/+$/, "")';

/** An n8n expression that picks the URL of `path` for the credential's domain. */
function urlFor(hosts: { feishu: string; lark: string }, path: string): string {
	return (
		`={{$self.domain === "lark" ? "${hosts.lark}${path}" : $self.domain === "custom" ? ` +
		`${CUSTOM_BASE} + "${path}" : "${hosts.feishu}${path}"}}`
	);
}

/**
 * A Feishu / Lark user's authorisation (user_access_token), for the APIs that accept only a user token
 * (the data platform's workspace tables, and the administration APIs).
 *
 * n8n's OAuth2 machinery runs the flow: the authorisation page lives on the accounts host, the v2 token
 * endpoint on the open platform (with a custom domain both live under the base URL, so a private
 * deployment or this package's emulator can stand in for both). The client id and secret are the app's
 * App ID and App Secret.
 */
export class FeishuApaasOAuth2Api implements ICredentialType {
	name = 'feishuApaasOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Feishu aPaaS OAuth2 API';

	icon = { light: 'file:feishuApaas.svg', dark: 'file:feishuApaas.dark.svg' } as const;

	// The README's section says what this dialog needs (the redirect URL to register, error 20029, the
	// scopes); Feishu's user-token API page, linked before, described the HTTP exchange n8n runs itself.
	documentationUrl = 'https://github.com/n8n-nodes-feishu-apaas/n8n-nodes-feishu-apaas#credentials';

	properties: INodeProperties[] = [
		DOMAIN_PROPERTY,
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://open.example.com',
			description:
				'Origin of the open platform, without /open-apis. The authorisation page and the token endpoint are both expected under it.',
			displayOptions: { show: { domain: ['custom'] } },
		},
		{
			// n8n offers PKCE as its own grant type (an authorization code flow with a code verifier);
			// Feishu's v2 token endpoint checks `code_verifier` when the authorisation carried a challenge.
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'pkce',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: urlFor(FEISHU_ACCOUNTS_DOMAINS, CONSENT_PAGE_PATH),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: urlFor(FEISHU_DOMAINS, USER_GRANT_PATH),
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_USER_SCOPES.join(' '),
			description:
				'Space-separated Feishu scopes the user grants. Keep offline_access: without it Feishu issues no refresh token and the connection ends after about two hours. The app must have these scopes enabled in the developer console.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// 'body', not 'header': Feishu's v2 token endpoint documents client_id and client_secret as body
			// fields (of a JSON body) for both grants, and HTTP Basic nowhere. What n8n does with it
			// (@n8n/client-oauth2, which always sends a form, never JSON; the emulator reads both):
			// - every refresh (the node's requestOAuth2 → ClientOAuth2Token.refresh): 'body' puts client_id
			//   and client_secret in the form, no Authorization header; 'header' would send HTTP Basic and
			//   no client_secret in the body (test/…/dataTable/data-table.test.ts fails then);
			// - the code exchange: n8n 2.x puts them in the body too (its callback drops the secret from the
			//   Basic header for 'body'); n8n 1.x, for a PKCE credential, sends HTTP Basic whatever this says
			//   (ASSUMPTION in the emulator: Feishu accepts Basic; the published Feishu packages use 'header').
			// So 'body' is the one choice that sends what Feishu documents wherever n8n lets it choose.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName:
				'Register the OAuth Redirect URL shown above in the app\'s developer console (Security Settings → Redirect URLs); otherwise Feishu refuses the authorisation with error 20029.',
			name: 'redirectNotice',
			type: 'notice',
			default: '',
		},
	];
}
