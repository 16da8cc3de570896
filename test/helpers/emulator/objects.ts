/** Helpers for the application-data (object records, OQL, search) emulator tests. */
import type { FeishuEmulator } from '../../../emulator';
import { call, type Reply } from './http';

export const NS = 'demo_app';
export const objectsPath = (rest: string, namespace = NS) => `/open-apis/apaas/v1/applications/${namespace}/objects/${rest}`;

export interface BatchItemJson {
	success: boolean;
	id?: string;
	errors?: Array<{ code: string; message: string; sub_code?: string; fields?: string[] }>;
}

/** Every `data` shape of the ten APIs, merged (a field a response lacks is undefined). */
export interface ObjectDataJson {
	id: string;
	item: string;
	items: string & BatchItemJson[];
	total?: number;
	next_page_token: string;
	has_more: boolean;
	columns: string[];
	rows: string;
	records: string;
	objects: Array<{ object: { api_name: string }; fields: Array<{ api_name: string; type: string }> }>;
}

export interface ObjectReply extends Omit<Reply, 'json'> {
	json: { code: number; msg: string; data: ObjectDataJson; error: { log_id: string; troubleshooter: string } };
}

export async function api(
	em: FeishuEmulator,
	token: string,
	method: string,
	rest: string,
	body?: unknown,
	namespace = NS,
): Promise<ObjectReply> {
	return (await call(em, objectsPath(rest, namespace), { method, token, body })) as unknown as ObjectReply;
}

/**
 * Parses a JSON string from the emulator with every integer literal beyond 2^53 turned into
 * its decimal string (so tests can compare ids exactly without BigInt plumbing).
 */
export function parseIds<T = unknown>(text: string): T {
	return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|(-?\d{16,})(?![\d.eE])/g, (m, str: string | undefined, big: string | undefined) => {
		if (str !== undefined) return str;
		return Number.isSafeInteger(Number(big)) ? m : `"${big}"`;
	})) as T;
}
