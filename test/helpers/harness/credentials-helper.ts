/**
 * In-memory stand-in for the n8n server's CredentialsHelper (packages/cli/src/credentials-helper.ts).
 *
 * The store plays the role of the credentials table: every `getDecrypted` call reads a
 * FRESH COPY of the stored data (as n8n re-reads + decrypts the DB row on every call), and
 * `updateCredentials` writes back. `authenticate` and `preAuthentication` mirror the server
 * implementation, including its quirks:
 *  - generic `authenticate` resolves `={{$credentials.x}}` keys/values through
 *    `workflow.expression.getSimpleParameterValue(node, value, 'internal', {$credentials}, undefined, '')`;
 *  - `preAuthentication` only calls the credential type's `preAuthentication` when the first
 *    `hidden` + `typeOptions.expirable` field is `''` or `credentialsExpired` is true, returns
 *    undefined if the output lacks that field or the node has no `credentials`, otherwise
 *    persists `{ ...storedData, ...output }` and returns `Object.assign(credentials, output)`
 *    (i.e. it MUTATES and returns the very object it was given).
 */
import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	isExpression,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialTypes,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

export type CredentialSeed = Omit<StoredCredential, 'id'>;

export interface CredentialUpdate {
	id: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

const clone = <T>(value: T): T => structuredClone(value);

/** The server's mock node and node types (credentials-helper.ts) on which it resolves a credential's expressions outside a run. */
const MOCK_NODE: INode = { id: 'mock', name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
const MOCK_TYPE = { description: { properties: [] } } as unknown as INodeType;
const MOCK_NODE_TYPES: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: () => MOCK_TYPE,
	getByNameAndVersion: () => MOCK_TYPE,
};

/** Plain (unencrypted) `ICredentials` — what `getCredentials` hands out. */
export class InMemoryCredentials extends ICredentials {
	private plain: ICredentialDataDecryptedObject;

	constructor(details: INodeCredentialsDetails, type: string, plain: ICredentialDataDecryptedObject) {
		super(details, type, JSON.stringify(plain));
		this.plain = clone(plain);
	}

	getData(): ICredentialDataDecryptedObject {
		return clone(this.plain);
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.plain = clone(data);
		this.data = JSON.stringify(data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}
}

export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();

	/** Number of `updateCredentials` calls (i.e. DB writes; preAuthentication persists through it). */
	updateCount = 0;

	/** Number of times a credential type's `preAuthentication` was actually invoked (token mints). */
	preAuthCount = 0;

	/** Number of `getDecrypted` calls (DB reads). */
	decryptCount = 0;

	/** Every write, in order. */
	readonly updates: CredentialUpdate[] = [];

	constructor(
		readonly credentialTypes: ICredentialTypes,
		initial: Record<string, CredentialSeed> = {},
	) {
		super();
		for (const [id, seed] of Object.entries(initial)) this.set(id, seed);
	}

	// ---- store API (test side) ----

	/** Create or replace a stored credential (the data is copied). */
	set(id: string, { name, type, data }: CredentialSeed): this {
		this.store.set(id, { id, name, type, data: clone(data) });
		return this;
	}

	/** A copy of the raw stored data (no defaults applied), or undefined. */
	stored(id: string): ICredentialDataDecryptedObject | undefined {
		const entry = this.store.get(id);
		return entry ? clone(entry.data) : undefined;
	}

	/** Patch stored data in place of a user editing the credential (copied). */
	patch(id: string, data: ICredentialDataDecryptedObject): this {
		const entry = this.entry({ id, name: '' }, undefined);
		entry.data = { ...entry.data, ...clone(data) };
		return this;
	}

	private entry(nodeCredentials: INodeCredentialsDetails, type: string | undefined): StoredCredential {
		if (!nodeCredentials.id) {
			throw new UserError(
				`Credential "${nodeCredentials.name}" of type "${type ?? '?'}" has no id (the node's credentials must reference a stored credential by id)`,
			);
		}
		const entry = this.store.get(nodeCredentials.id);
		if (!entry || (type !== undefined && entry.type !== type)) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type ?? '?'}".`,
			);
		}
		return entry;
	}

	// ---- ICredentialsHelper ----

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (typeof authenticate === 'object') {
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			if (authenticate.type === 'generic') {
				const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
						const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
						const valueResolved = this.resolveValue(
							value as string,
							{ $credentials: credentials },
							workflow,
							node,
						);
						if (!target[outerKey]) target[outerKey] = {};
						target[outerKey][keyResolved] = valueResolved;
					}
				}
			}
		}
		return requestOptions;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);

		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// n8n's "credential test" path (mock noOp node) always re-runs preAuthentication.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (
			!(credentials[expirableProperty.name] === '' || credentialsExpired || isTestingCredentials)
		) {
			return undefined;
		}

		this.preAuthCount++;
		const output = await credentialType.preAuthentication.call(helpers, credentials);

		// The output must carry the expirable property, else nothing is persisted.
		if (output[expirableProperty.name] === undefined) return undefined;

		if (node.credentials) {
			const nodeCredentials = node.credentials[credentialType.name];
			const storedData = (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
			await this.updateCredentials(nodeCredentials, credentialType.name, {
				...storedData,
				...output,
			} as ICredentialDataDecryptedObject);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const entry = this.entry(nodeCredentials, type);
		return new InMemoryCredentials({ id: entry.id, name: entry.name }, entry.type, entry.data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptCount++;
		const original = clone(this.entry(nodeCredentials, type).data);
		if (raw === true) return original;
		return this.applyDefaults(additionalData, original, type, mode, executeData, expressionResolveValues);
	}

	/**
	 * Like the server's `applyDefaultsAndOverwrites` (minus overwrites): fills in the
	 * credential type's defaults and DROPS fields that are not declared properties
	 * (except `oauthTokenData`), then resolves expressions when resolve values are given.
	 */
	private applyDefaults(
		additionalData: IWorkflowExecuteAdditionalData,
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		let decrypted = NodeHelpers.getNodeParameters(
			properties,
			original as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (original.oauthTokenData !== undefined) decrypted.oauthTokenData = original.oauthTokenData;

		if (expressionResolveValues) {
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });
			try {
				decrypted = expressionResolveValues.workflow.expression.getParameterValue(
					decrypted as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decrypted,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			// Outside a run (the editor's lists and mappers, n8n's LoadOptionsContext) the server resolves
			// the credential's expressions ($self: the OAuth2 URLs from domain / baseUrl) on a mock node.
			const workflow = new Workflow({ nodes: [MOCK_NODE], connections: {}, active: false, nodeTypes: MOCK_NODE_TYPES });
			const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });
			decrypted = workflow.expression.getComplexParameterValue(
				MOCK_NODE,
				decrypted as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decrypted,
			) as ICredentialDataDecryptedObject;
		}
		return decrypted;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.entry(nodeCredentials, type);
		entry.data = clone(data);
		this.updateCount++;
		this.updates.push({ id: entry.id, type, data: clone(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.entry(nodeCredentials, type);
		await this.updateCredentials(nodeCredentials, type, {
			...entry.data,
			oauthTokenData: data.oauthTokenData,
		});
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData === undefined) {
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: type } });
		}

		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}

		const combined: INodeProperties[] = [];
		for (const parent of credentialTypeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		// properties defined on the child take precedence
		NodeHelpers.mergeNodeProperties(combined, credentialTypeData.properties);
		return combined;
	}
}
