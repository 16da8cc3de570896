import type { ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

/** Open-platform hosts, as the official SDKs name them (`Domain.Feishu`, `Domain.Lark`). */
export const FEISHU_DOMAINS = {
	feishu: 'https://open.feishu.cn',
	lark: 'https://open.larksuite.com',
} as const;

export type FeishuDomain = keyof typeof FEISHU_DOMAINS | 'custom';

/** The Domain field both credentials (app and OAuth2) start with; each adds its own Base URL hint. */
export const DOMAIN_PROPERTY: INodeProperties = {
	displayName: 'Domain',
	name: 'domain',
	type: 'options',
	options: [
		{ name: 'Feishu (China)', value: 'feishu', description: FEISHU_DOMAINS.feishu },
		{ name: 'Lark (Global)', value: 'lark', description: FEISHU_DOMAINS.lark },
		{
			name: 'Custom Base URL',
			value: 'custom',
			description: "A private deployment, a proxy, or a local test server such as this package's Feishu emulator (npm run emulator in its repository)",
		},
	],
	default: 'feishu',
};

/** Thrown for a credential whose base URL cannot be used; the message names the field. */
export class BaseUrlError extends Error {
	override name = 'BaseUrlError';
}

/**
 * The origin (plus optional path prefix) every request of this credential goes to, without a trailing
 * slash. Only a custom base URL may be plain http: private deployments and the project's emulator need
 * it, while the two public domains are fixed https hosts.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const domain = (credentials.domain ?? 'feishu') as FeishuDomain;
	if (domain === 'feishu' || domain === 'lark') return FEISHU_DOMAINS[domain];
	if (domain !== 'custom') {
		throw new BaseUrlError(`Credential field "Domain" has an unknown value: ${String(domain)}`);
	}
	return checkBaseUrl(typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '');
}

function checkBaseUrl(raw: string): string {
	if (!URL.canParse(raw)) {
		throw new BaseUrlError('Credential field "Base URL" must be an absolute http(s) URL, e.g. https://open.example.com');
	}
	const url = new URL(raw);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new BaseUrlError('Credential field "Base URL" must start with http:// or https://');
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new BaseUrlError('Credential field "Base URL" must not contain user info, a query or a fragment');
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
