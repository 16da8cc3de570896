/**
 * The application-data sample of seed presets 'sample' and 'workflow': namespace `demo_app` with
 * objects `customer` (5 records) and `order` (3); ids in SAMPLE_OBJECTS.
 */
import type { ObjectSeed } from './schema';

/** Ids of objectSampleData() (namespace `demo_app`). */
export const SAMPLE_OBJECTS = {
	namespace: 'demo_app',
	customers: {
		acme: '1790000000000000001',
		beta: '1790000000000000002',
		gamma: '1790000000000000003',
		delta: '1790000000000000004',
		epsilon: '1790000000000000005',
	},
	orders: {
		a1: '1790000000000000006',
		a2: '1790000000000000007',
		b1: '1790000000000000008',
	},
	/** Owner (a lookup to users, not modelled) of Acme and Beta. */
	owner: '1800000000000000001',
	/** 2^53 + 1: Acme's big_number, the smallest integer a double cannot hold. */
	bigNumber: '9007199254740993',
	/** The id the next created record gets. */
	nextId: '1790000000000000009',
} as const;

/**
 * Application data loaded by seed 'sample' (and 'workflow'): namespace `demo_app` with objects
 * `customer` (5 records) and `order` (3 records, lookups to customers).
 */
export function objectSampleData(): ObjectSeed {
	const { customers: c, orders: o, owner } = SAMPLE_OBJECTS;
	return {
		namespaces: [
			{
				namespace: SAMPLE_OBJECTS.namespace,
				objects: [
					{
						apiName: 'customer',
						label: 'Customer',
						fields: [
							{ apiName: 'name', type: 'text', required: true },
							{ apiName: 'email', type: 'text' },
							{ apiName: 'amount', type: 'number' },
							{ apiName: 'big_number', type: 'bigint' },
							{ apiName: 'owner', type: 'lookup' },
							{ apiName: 'tags', type: 'multiSelect' },
							{ apiName: 'active', type: 'boolean' },
						],
						records: [
							{
								_id: c.acme,
								name: 'Acme Ltd',
								email: 'sales@acme.example',
								amount: 1200.5,
								big_number: SAMPLE_OBJECTS.bigNumber,
								owner: { _id: owner },
								tags: ['vip', 'wholesale'],
								active: true,
							},
							{
								_id: c.beta,
								name: 'Beta Corp',
								email: 'contact@beta.example',
								amount: 300,
								big_number: '1234567890123456789',
								owner: { _id: owner },
								tags: ['retail'],
								active: true,
							},
							{ _id: c.gamma, name: 'Gamma GmbH', amount: 50, tags: [], active: false },
							{ _id: c.delta, name: 'Delta 有限公司', email: 'info@delta.example', amount: 100, active: true },
							{ _id: c.epsilon, name: 'epsilon studio', amount: 0, big_number: '-5', active: false },
						],
					},
					{
						apiName: 'order',
						label: 'Order',
						fields: [
							{ apiName: 'title', type: 'text', required: true },
							{ apiName: 'customer', type: 'lookup', lookupObject: 'customer' },
							{ apiName: 'total', type: 'number' },
						],
						records: [
							{ _id: o.a1, title: 'Order A-1', customer: { _id: c.acme }, total: 99.9 },
							{ _id: o.a2, title: 'Order A-2', customer: { _id: c.acme }, total: 250 },
							{ _id: o.b1, title: 'Order B-1', customer: { _id: c.beta }, total: 15 },
						],
					},
				],
			},
		],
	};
}

