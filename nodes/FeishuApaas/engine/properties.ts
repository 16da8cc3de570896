import type { INodeProperties } from 'n8n-workflow';

import { RECORDS_PER_REQUEST_OPTION, REQUESTS_IN_FLIGHT_OPTION } from './batch-runner';
import { RUN_OPTIONS } from './run-options';
import type { Authentication, FieldSpec, OperationSpec, ResourceDefinition } from './types';

function shownFor(spec: OperationSpec): INodeProperties['displayOptions'] {
	return { show: { resource: [spec.resource], operation: [spec.operation] } };
}

export function toProperty(field: FieldSpec): INodeProperties {
	const property: INodeProperties = {
		displayName: field.displayName,
		name: field.param,
		type: field.type,
		default: field.default,
		description: field.description,
	};
	if (field.required) property.required = true;
	if (field.placeholder) property.placeholder = field.placeholder;
	if (field.options) property.options = field.options;
	if (field.typeOptions) property.typeOptions = field.typeOptions;
	return field.property ? { ...property, ...field.property } : property;
}

/** The two ways to sign in, in the order of the selector; the tenant token stays the default of every saved workflow. */
export const AUTHENTICATIONS: ReadonlyArray<{ name: string; value: Authentication; description: string }> = [
	{
		name: 'App (Tenant Token)',
		value: 'tenantToken',
		description: "The app's App ID and App Secret (credential Feishu aPaaS API): human tasks, application data, logic",
	},
	{
		name: 'User (OAuth2)',
		value: 'userToken',
		description: "A user's authorisation (credential Feishu aPaaS OAuth2 API): the data platform's workspace tables",
	},
];

export const AUTHENTICATION_PROPERTY: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: AUTHENTICATIONS.map(({ name, value, description }) => ({ name, value, description })),
	default: 'tenantToken',
};

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

function operationProperties(spec: OperationSpec): INodeProperties[] {
	const displayOptions = shownFor(spec);
	const required = [...(spec.pathFields ?? []), ...spec.fields].filter((field) => field.required || field.topLevel);
	const optional = spec.fields.filter((f) => !f.required && !f.topLevel);
	const properties: INodeProperties[] = required.map((field) => ({ ...toProperty(field), displayOptions }));
	if (spec.properties) properties.push(...spec.properties(displayOptions));
	const batchOptions = spec.batch ? [RECORDS_PER_REQUEST_OPTION, REQUESTS_IN_FLIGHT_OPTION, ...(spec.batch.input?.options ?? [])] : [];
	if (spec.batch?.input) properties.push(...spec.batch.input.properties(displayOptions));

	if (spec.pagination) {
		properties.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions,
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { ...displayOptions?.show, returnAll: [false] } },
			},
		);
	}

	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions,
		options: [...optional.map(toProperty), ...batchOptions, ...(spec.extraOptions ?? []), ...RUN_OPTIONS].sort(byDisplayName),
	});
	return properties;
}

/**
 * The node's `properties`, derived from the catalog: the Resource selector (options sorted by name), one
 * Operation selector per resource, and each row's parameters. `operations` narrows it to some rows
 * (tests); `defaults` is the Resource selector's default per credential (else its first resource).
 */
export function buildProperties(
	catalog: readonly ResourceDefinition[],
	operations: readonly OperationSpec[] = catalog.flatMap((resource) => resource.operations),
	defaults: Partial<Record<Authentication, string>> = {},
): INodeProperties[] {
	const resources = catalog.filter((r) => operations.some((op) => op.resource === r.value));
	const properties: INodeProperties[] = [AUTHENTICATION_PROPERTY];
	// One Resource selector per authentication: the list depends on the credential chosen.
	for (const { value: authentication } of AUTHENTICATIONS) {
		const ofAuthentication = resources.filter((r) => r.authentication === authentication);
		if (ofAuthentication.length === 0) continue;
		const pinned = defaults[authentication];
		const defaultResource = pinned !== undefined && ofAuthentication.some((r) => r.value === pinned) ? pinned : ofAuthentication[0].value;
		properties.push({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { authentication: [authentication] } },
			options: ofAuthentication
				.map(({ name, value, description }) => ({ name, value, description }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultResource,
		});
	}
	for (const resource of resources) {
		const ofResource = operations.filter((op) => op.resource === resource.value);
		const firstOperation = ofResource[0].operation;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { authentication: [resource.authentication], resource: [resource.value] } },
			options: ofResource
				.map((op) => ({ name: op.name, value: op.operation, action: op.action, description: op.description }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: firstOperation,
		});
	}
	for (const spec of operations) properties.push(...operationProperties(spec));
	return properties;
}

/**
 * The canvas subtitle, "Create: Object Record" as n8n's own nodes show it (not the internal values):
 * an expression looking the display names up by resource and operation.
 */
export function subtitleExpression(catalog: readonly ResourceDefinition[]): string {
	const names: Record<string, string> = {};
	for (const resource of catalog) {
		for (const op of resource.operations) names[`${resource.value}/${op.operation}`] = `${op.name}: ${resource.name}`;
	}
	return `={{ (${JSON.stringify(names)})[$parameter["resource"] + "/" + $parameter["operation"]] }}`;
}
