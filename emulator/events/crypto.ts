/**
 * Feishu's side of event-push cryptography (written independently of the node's, so a test can
 * catch a mistake in either): AES-256-CBC with key = SHA-256(Encrypt Key), a random IV prefixed to
 * the cipher text, base64; `X-Lark-Signature` = hex SHA-256(timestamp + nonce + Encrypt Key + raw body).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export function encryptBody(encryptKey: string, plain: string): string {
	const key = createHash('sha256').update(encryptKey).digest();
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

export function signBody(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
	return createHash('sha256').update(timestamp + nonce + encryptKey + rawBody).digest('hex');
}
