import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { importPrivateKeyPem, parseMultipart, unwrapSessionKey, unwrapSessionKeyCompat } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { peerBoundary, peerIngestHeaders, peerMultipartBody, peerSeal, peerWrapSecret } from '../index.js';

const KEYS = new URL('../../../test-vectors/keys/', import.meta.url);
const publicPem = readFileSync(new URL('test-rsa-4096-public.pem', KEYS), 'utf8');
const privatePem = readFileSync(new URL('test-rsa-4096-private.pem', KEYS), 'utf8');
const key = new Uint8Array(32).fill(5);
const header = { entryType: 1, timestamp: 't', keyId: 'k' };
const seal = (sdk: 'js' | 'java' | 'go', n: number) => peerSeal(sdk, key, { v: '2.0', type: 'log', message: `m${n}` }, header);

describe('peer SDK wire', () => {
  it('frames the JS SDK body with a CRLF before the closing delimiter only', () => {
    const b = peerBoundary();
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    const text = Buffer.from(peerMultipartBody('js', [seal('js', 1), seal('js', 2), seal('js', 3)], b)).toString('latin1');
    expect(text.startsWith(`--${b}\r\nContent-Type: application/octet-stream\r\nX-LF-Entry-Type: 1\r\n`)).toBe(true);
    expect(text.split(`\r\n--${b}`)).toHaveLength(2);
    expect(text.endsWith(`\r\n--${b}--\r\n`)).toBe(true);
    expect(() => parseMultipart(Buffer.from(text, 'latin1'), b)).toThrow(expect.objectContaining({ errorClass: 'multipart_framing' }));
    const java = peerMultipartBody('java', [seal('java', 1), seal('java', 2)], b);
    expect(parseMultipart(java, b).parts).toHaveLength(2);
  });

  it('sends no Idempotency-Key', () => {
    expect(Object.keys(peerIngestHeaders('js', 'eu-lf_x', 'b'))).toEqual(['Authorization', 'Content-Type', 'User-Agent']);
  });

  it('wraps the Java session key with MGF1-SHA-1, the others with MGF1-SHA-256', async () => {
    const privateKey = await importPrivateKeyPem(privatePem);
    const node = createPrivateKey(privatePem);
    const rawDecrypt = (c: Uint8Array) => new Uint8Array(privateDecrypt({ key: node, padding: constants.RSA_NO_PADDING }, c));
    for (const sdk of ['js', 'go'] as const) expect(await unwrapSessionKey(privateKey, peerWrapSecret(sdk, publicPem, key))).toEqual(key);
    const java = peerWrapSecret('java', publicPem, key);
    expect(() => privateDecrypt({ key: node, oaepHash: 'sha256' }, Buffer.from(java, 'base64'))).toThrow();
    expect(await unwrapSessionKeyCompat(privateKey, java, { rawDecrypt })).toEqual({ secret: key, wrap: 'mgf1_sha1' });
  });

  it('gzips in JS and Java, and sends Go plaintext uncompressed labelled payload_type 1', async () => {
    const { createDecipheriv } = await import('node:crypto');
    const open = (s: ReturnType<typeof seal>) => {
      const d = createDecipheriv('aes-256-gcm', key, s.nonce, { authTagLength: 16 });
      d.setAuthTag(s.body.subarray(-16));
      return Buffer.concat([d.update(s.body.subarray(0, -16)), d.final()]);
    };
    for (const sdk of ['js', 'java'] as const)
      expect(gunzipSync(open(seal(sdk, 1))).toString()).toBe('{"v":"2.0","type":"log","message":"m1"}');
    const go = seal('go', 1);
    expect(go.payloadType).toBe(1);
    expect(open(go).toString()).toBe('{"v":"2.0","type":"log","message":"m1"}');
  });
});
