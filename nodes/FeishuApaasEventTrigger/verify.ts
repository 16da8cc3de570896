/**
 * One delivery, from raw bytes to a verified envelope, or the reason it is refused. Pure: no I/O,
 * so every rule is tested directly and the node only answers what this decides.
 *
 * Order matters: the signature covers the raw body, so it is checked before anything is decrypted;
 * a refusal names its reason for the log but never a secret, a header value or the body.
 */
import { parseExactJson } from '../FeishuApaas/engine/exact-json';
import { constantTimeEqual, decryptPayload, signature } from './crypto';
import { readEnvelope, type Envelope } from './envelope';

export interface EventSecrets {
	/** Empty = the app has no Encrypt Key: bodies are plain and unsigned. */
	encryptKey: string;
	verificationToken: string;
}

export interface Delivery {
	rawBody: Buffer;
	/** Lower-case header names, as Node gives them. */
	headers: Record<string, string | string[] | undefined>;
}

export type Refusal =
	| 'no Verification Token in the credential'
	| 'not JSON'
	| 'encrypted body but no Encrypt Key in the credential'
	| 'undecryptable body'
	| 'missing signature'
	| 'bad signature'
	| 'timestamp outside the tolerance'
	| 'wrong verification token'
	| 'not a Feishu event';

export type Verdict = { ok: true; envelope: Envelope } | { ok: false; reason: Refusal };

/** Default tolerance between `X-Lark-Request-Timestamp` and this machine's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function header(delivery: Delivery, name: string): string {
	const value = delivery.headers[name];
	return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function parse(text: string): unknown {
	try {
		return parseExactJson(text);
	} catch {
		return undefined;
	}
}

const refuse = (reason: Refusal): Verdict => ({ ok: false, reason });

export function verifyDelivery(delivery: Delivery, secrets: EventSecrets, nowMs: number, toleranceSeconds: number): Verdict {
	// Every Feishu app has a Verification Token; without it nothing here could tell Feishu from anyone.
	if (secrets.verificationToken === '') return refuse('no Verification Token in the credential');
	let body = parse(delivery.rawBody.toString('utf8'));
	if (typeof body !== 'object' || body === null) return refuse('not JSON');

	const sent = header(delivery, 'x-lark-signature');
	const signed = secrets.encryptKey !== '' && sent !== '';
	if (signed) {
		const timestamp = header(delivery, 'x-lark-request-timestamp');
		const nonce = header(delivery, 'x-lark-request-nonce');
		if (!constantTimeEqual(signature(timestamp, nonce, secrets.encryptKey, delivery.rawBody), sent.toLowerCase())) {
			return refuse('bad signature');
		}
		// ASSUMPTION: the timestamp is Unix seconds, fresh on every delivery attempt (retries included).
		const at = Number(timestamp);
		if (!Number.isFinite(at) || Math.abs(nowMs / 1000 - at) > toleranceSeconds) {
			return refuse('timestamp outside the tolerance');
		}
	}

	const encrypted = (body as Record<string, unknown>).encrypt;
	if (typeof encrypted === 'string') {
		if (secrets.encryptKey === '') return refuse('encrypted body but no Encrypt Key in the credential');
		const plain = decryptPayload(secrets.encryptKey, encrypted);
		body = plain === undefined ? undefined : parse(plain);
		if (typeof body !== 'object' || body === null) return refuse('undecryptable body');
	}

	const envelope = readEnvelope(body);
	if (!envelope) return refuse('not a Feishu event');
	if (!constantTimeEqual(envelope.token, secrets.verificationToken)) return refuse('wrong verification token');
	// ASSUMPTION: Feishu's SDKs do not check the signature of url_verification; events, with an Encrypt
	// Key set, must be signed (otherwise anyone knowing the token could forge unsigned plain bodies).
	if (envelope.kind === 'event' && secrets.encryptKey !== '' && !signed) return refuse('missing signature');
	return { ok: true, envelope };
}
