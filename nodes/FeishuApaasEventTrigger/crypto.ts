/**
 * Feishu's event-push cryptography (developer console → Events and Callbacks → Encryption Strategy):
 * the body `{"encrypt": base64}` is AES-256-CBC with key = SHA-256(Encrypt Key) and IV = the first 16
 * bytes of the decoded payload; `X-Lark-Signature` = hex SHA-256(timestamp + nonce + Encrypt Key + raw body).
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

const IV_BYTES = 16;
const BLOCK_BYTES = 16;

/** The plain text of an `encrypt` payload, or undefined when it is not one (wrong key, truncated, not base64). */
export function decryptPayload(encryptKey: string, payload: string): string | undefined {
	const data = Buffer.from(payload, 'base64');
	// A payload is an IV plus at least one block, a whole number of blocks.
	if (data.length < IV_BYTES + BLOCK_BYTES || (data.length - IV_BYTES) % BLOCK_BYTES !== 0) return undefined;
	try {
		const key = createHash('sha256').update(encryptKey, 'utf8').digest();
		const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, IV_BYTES));
		const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES)), decipher.final()]).toString('utf8');
		// Feishu's own SDKs keep the span from the first `{` to the last `}` (padding garbage never reaches JSON).
		const start = plain.indexOf('{');
		const end = plain.lastIndexOf('}');
		return start >= 0 && end > start ? plain.slice(start, end + 1) : undefined;
	} catch {
		// A wrong key shows up as bad padding: the caller answers 401 and says nothing more.
		return undefined;
	}
}

/** Feishu's signature of one delivery, lower-case hex. */
export function signature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
	return createHash('sha256')
		.update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, 'utf8'), rawBody]))
		.digest('hex');
}

/** Compares two secrets-derived strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
	// Hashing first gives equal lengths, so the length of the expected value does not leak either.
	const ha = createHash('sha256').update(a, 'utf8').digest();
	const hb = createHash('sha256').update(b, 'utf8').digest();
	return timingSafeEqual(ha, hb) && a.length === b.length;
}
