/**
 * The verification rules one by one, against the emulator's independent implementation of Feishu's
 * side (emulator/events/crypto.ts) and the official Node SDK's AESCipher.
 */
import { AESCipher } from '@larksuiteoapi/node-sdk';

import { encryptBody, signBody } from '../../../emulator/events/crypto';
import { challengeBody, eventBody } from '../../../emulator/events/payloads';
import { constantTimeEqual, decryptPayload, signature } from '../../../nodes/FeishuApaasEventTrigger/crypto';
import { verifyDelivery, type Delivery } from '../../../nodes/FeishuApaasEventTrigger/verify';

const KEY = 'encrypt-key-7d21f0';
const TOKEN = 'verification-token-19ac';
const APP = { appId: 'cli_events', tenantKey: 'tenant_1', verificationToken: TOKEN };
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const TOLERANCE = 300;

function signed(raw: string, at = NOW, key = KEY): Delivery {
	const timestamp = String(Math.floor(at / 1000));
	const nonce = 'n0nce';
	return {
		rawBody: Buffer.from(raw),
		headers: { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signBody(timestamp, nonce, key, raw) },
	};
}

const plain = (raw: string): Delivery => ({ rawBody: Buffer.from(raw), headers: {} });
const v2 = (token = TOKEN) => JSON.stringify(eventBody(APP, { eventId: 'ev-1', eventType: 'apaas.workspace.record_change_v1', event: { type: 'INSERT' } }, 'v2', token));
const encrypted = (text: string, key = KEY) => JSON.stringify({ encrypt: encryptBody(key, text) });

describe('decryption', () => {
	it('opens what Feishu (the emulator) encrypts, and agrees with the official SDK', () => {
		const text = '{"a":1,"big":1234567890123456789}';
		const payload = encryptBody(KEY, text);
		expect(decryptPayload(KEY, payload)).toBe(text);
		expect(new AESCipher(KEY).decrypt(payload)).toBe(text);
	});

	it('returns undefined for a wrong key, a truncated payload or non-base64 text, never throws', () => {
		const payload = encryptBody(KEY, '{"a":1}');
		expect(decryptPayload('another key', payload)).toBeUndefined();
		expect(decryptPayload(KEY, payload.slice(0, 20))).toBeUndefined();
		expect(decryptPayload(KEY, '!!!not base64!!!')).toBeUndefined();
	});
});

describe('signature', () => {
	it('is SHA-256 over timestamp + nonce + key + the raw bytes, as the emulator signs', () => {
		const raw = '{"encrypt":"abc"}';
		expect(signature('1700000000', 'n', KEY, Buffer.from(raw))).toBe(signBody('1700000000', 'n', KEY, raw));
	});

	it('covers the raw body: the same JSON re-serialised with other spacing does not match', () => {
		const raw = '{ "encrypt": "abc" }';
		expect(signature('1', 'n', KEY, Buffer.from(raw))).not.toBe(signBody('1', 'n', KEY, JSON.stringify(JSON.parse(raw))));
	});

	it('constantTimeEqual compares whole values', () => {
		expect(constantTimeEqual('abc', 'abc')).toBe(true);
		expect(constantTimeEqual('abc', 'abd')).toBe(false);
		expect(constantTimeEqual('abc', 'abcd')).toBe(false);
		expect(constantTimeEqual('', 'x')).toBe(false);
	});
});

describe('verifyDelivery', () => {
	const secrets = { encryptKey: KEY, verificationToken: TOKEN };
	const open = { encryptKey: '', verificationToken: TOKEN };
	const verdict = (d: Delivery, s = secrets, now = NOW) => verifyDelivery(d, s, now, TOLERANCE);

	it('a plain url_verification with the right token is a challenge', () => {
		const body = challengeBody(APP);
		expect(verdict(plain(JSON.stringify(body)), open)).toEqual({ ok: true, envelope: { kind: 'challenge', challenge: body.challenge, token: TOKEN } });
	});

	it('an encrypted url_verification is opened and checked (unsigned, as Feishu\'s SDKs accept it)', () => {
		const body = challengeBody(APP);
		const result = verdict(plain(encrypted(JSON.stringify(body))));
		expect(result).toMatchObject({ ok: true, envelope: { kind: 'challenge', challenge: body.challenge } });
	});

	it('a url_verification with a wrong token is refused', () => {
		expect(verdict(plain(JSON.stringify(challengeBody(APP, 'nope'))), open)).toEqual({ ok: false, reason: 'wrong verification token' });
	});

	it('a signed, encrypted v2 event passes with its header', () => {
		const result = verdict(signed(encrypted(v2())));
		expect(result).toMatchObject({ ok: true, envelope: { kind: 'event', schema: 'v2', header: { event_id: 'ev-1', app_id: 'cli_events', tenant_key: 'tenant_1' } } });
	});

	it('a v1 event: uuid is the id, event.type the type', () => {
		const raw = JSON.stringify(eventBody(APP, { eventId: 'uuid-1', eventType: 'some.v1.event', createTime: NOW, event: { x: 1 } }, 'v1'));
		expect(verdict(plain(raw), open)).toMatchObject({
			ok: true,
			envelope: { schema: 'v1', header: { event_id: 'uuid-1', event_type: 'some.v1.event', app_id: 'cli_events' }, event: { x: 1 } },
		});
	});

	it('refuses a bad signature before decrypting', () => {
		const d = signed(encrypted(v2()));
		d.headers['x-lark-signature'] = 'f'.repeat(64);
		expect(verdict(d)).toEqual({ ok: false, reason: 'bad signature' });
	});

	it('refuses a signature over other bytes (body changed after signing)', () => {
		const d = signed(encrypted(v2()));
		d.rawBody = Buffer.from(encrypted(v2()));
		expect(verdict(d)).toEqual({ ok: false, reason: 'bad signature' });
	});

	it('refuses a correctly signed request older or newer than the tolerance, accepts one just inside', () => {
		const raw = encrypted(v2());
		expect(verdict(signed(raw, NOW - 301_000))).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
		expect(verdict(signed(raw, NOW + 301_000))).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
		expect(verdict(signed(raw, NOW - 299_000)).ok).toBe(true);
	});

	it('refuses an event without a signature when the credential has an Encrypt Key', () => {
		expect(verdict(plain(encrypted(v2())))).toEqual({ ok: false, reason: 'missing signature' });
		expect(verdict(plain(v2()))).toEqual({ ok: false, reason: 'missing signature' });
	});

	it('refuses a wrong token inside a correctly signed, encrypted body', () => {
		expect(verdict(signed(encrypted(v2('forged'))))).toEqual({ ok: false, reason: 'wrong verification token' });
	});

	it('refuses an undecryptable body (signed with the key, encrypted with another)', () => {
		expect(verdict(signed(encrypted(v2(), 'other key')))).toEqual({ ok: false, reason: 'undecryptable body' });
	});

	it('refuses an encrypted body when the credential has no Encrypt Key', () => {
		expect(verdict(plain(encrypted(v2())), open)).toEqual({ ok: false, reason: 'encrypted body but no Encrypt Key in the credential' });
	});

	it('refuses everything when the credential has no Verification Token', () => {
		expect(verdict(plain(v2('')), { encryptKey: '', verificationToken: '' })).toEqual({ ok: false, reason: 'no Verification Token in the credential' });
	});

	it('refuses what is not JSON or not a Feishu envelope', () => {
		expect(verdict(plain('hello'), open)).toEqual({ ok: false, reason: 'not JSON' });
		expect(verdict(plain('{"token":"verification-token-19ac"}'), open)).toEqual({ ok: false, reason: 'not a Feishu event' });
	});
});
