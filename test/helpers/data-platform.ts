/**
 * Set-up for the data-platform engine tests: a Feishu emulator with a workspace, an OAuth2 credential
 * connected through the emulator's real authorisation flow, and the two-node workflow
 * (`test.items` → Feishu aPaaS with Authentication = User) run through n8n's WorkflowExecute.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { DEFAULT_APP, type FeishuEmulator } from '../../emulator';
import { loadPackage, runWorkflow, TEST_ITEMS_NODE_TYPE, TestCredentialsHelper } from './harness';
import type { NodeRun } from './feishu';
import { ALL_SCOPES, connect } from './emulator/oauth';

export const USER_CREDENTIAL_ID = 'feishu-oauth-1';
export const USER_CREDENTIAL_NAME = 'Feishu user (emulator)';
const NODE_TYPE = 'n8n-nodes-feishu-apaas.feishuApaas';
const FEISHU = 'Feishu aPaaS';
const SOURCE = 'Items';

/** The stored credential after "Connect": the app as client, the token answer as n8n keeps it. */
export async function connectedCredential(
	emulator: FeishuEmulator,
	scopes: string[] = ALL_SCOPES,
): Promise<Record<string, unknown>> {
	const pair = await connect(emulator, scopes);
	return {
		domain: 'custom',
		baseUrl: emulator.url,
		clientId: DEFAULT_APP.appId,
		clientSecret: DEFAULT_APP.appSecret,
		scope: scopes.join(' '),
		// n8n stores the token endpoint's answer as is (oauthTokenData).
		oauthTokenData: pair,
	};
}

/** A credential store holding one connected OAuth2 credential. */
export async function userCredentialStore(emulator: FeishuEmulator, data?: Record<string, unknown>) {
	const helper = new TestCredentialsHelper((await loadPackage()).credentialTypes);
	helper.set(USER_CREDENTIAL_ID, {
		name: USER_CREDENTIAL_NAME,
		type: 'feishuApaasOAuth2Api',
		data: (data ?? (await connectedCredential(emulator))) as ICredentialDataDecryptedObject,
	});
	return helper;
}

/** The stored oauthTokenData of the credential now. */
export async function storedTokens(helper: TestCredentialsHelper): Promise<Record<string, unknown>> {
	const stored = await helper.getCredentials({ id: USER_CREDENTIAL_ID, name: USER_CREDENTIAL_NAME }, 'feishuApaasOAuth2Api');
	return (stored.getData().oauthTokenData ?? {}) as Record<string, unknown>;
}

export async function runUserNode(
	helper: TestCredentialsHelper,
	parameters: INodeParameters,
	options: {
		items?: Array<Record<string, unknown>>;
		/** Input items' JSON handed to the engine as they are (NaN, Infinity, huge strings: no JSON round trip). */
		rawItems?: Array<Record<string, unknown>>;
		continueOnFail?: boolean;
		packageRoot?: string;
	} = {},
): Promise<NodeRun> {
	const result = await runWorkflow({
		// test.items with no items passes its input (the start items) through unchanged.
		startItems: options.rawItems?.map((json) => ({ json: json as INodeExecutionData['json'] })),
		nodes: [
			{ name: SOURCE, type: TEST_ITEMS_NODE_TYPE, parameters: { items: options.rawItems ? '' : JSON.stringify(options.items ?? [{}]) } },
			{
				name: FEISHU,
				type: NODE_TYPE,
				parameters: { authentication: 'userToken', ...parameters },
				credentials: { feishuApaasOAuth2Api: { id: USER_CREDENTIAL_ID, name: USER_CREDENTIAL_NAME } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { [SOURCE]: { main: [[{ node: FEISHU, type: 'main', index: 0 }]] } },
		helper,
		packageRoot: options.packageRoot,
	});
	const ran = result.run.data.resultData.runData[FEISHU];
	return { result, helper: result.helper, items: ran?.[0]?.data?.main?.[0] ?? [], error: result.workflowError ?? ran?.[0]?.error };
}
