import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importPrivateKeyPem, parseCustomerPublicKey, toHex, unwrapSessionKey, wrapSessionKey } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { keepaliveBudget, keepaliveCost, spoolName } from '../src/index.js';
import { rsaOaepEncrypt, sha256 } from '../src/lazy/insecureHandshake.js';

const keys = new URL('../../../test-vectors/keys/', import.meta.url);
const publicPem = readFileSync(new URL('test-rsa-4096-public.pem', keys), 'utf8');
const privatePem = readFileSync(new URL('test-rsa-4096-private.pem', keys), 'utf8');

describe('the insecure-context handshake (no crypto.subtle)', () => {
  it('wraps session keys that Web Crypto unwraps with the private key (RSA-OAEP, SHA-256, MGF1-SHA-256)', async () => {
    const publicKey = await parseCustomerPublicKey(publicPem, undefined, sha256);
    const privateKey = await importPrivateKeyPem(privatePem);
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const secret = crypto.getRandomValues(new Uint8Array(32));
      const wrapped = await wrapSessionKey(publicKey, secret, rsaOaepEncrypt);
      seen.add(wrapped);
      expect(Buffer.from(wrapped, 'base64')).toHaveLength(512);
      expect(toHex(await unwrapSessionKey(privateKey, wrapped))).toBe(toHex(secret));
    }
    expect(seen.size).toBe(5); // a fresh random seed every time
  });

  it('fingerprints with SHA-256 exactly as Web Crypto does', async () => {
    const viaNoble = await parseCustomerPublicKey(publicPem, undefined, sha256);
    const viaWebCrypto = await parseCustomerPublicKey(publicPem);
    expect(viaNoble.fingerprint).toBe(viaWebCrypto.fingerprint);
    for (const input of ['', 'abc', 'x'.repeat(1000)]) {
      expect(toHex(await sha256(new TextEncoder().encode(input)))).toBe(createHash('sha256').update(input).digest('hex'));
    }
  });

  it('refuses a public exponent that is even, 1, or not below the modulus', async () => {
    const { spki } = await parseCustomerPublicKey(publicPem);
    const tail = toHex(spki.subarray(-5));
    expect(tail).toBe('0203010001'); // e = 65537, the key's last DER element
    for (const e of ['010000', '000001']) {
      const bad = new Uint8Array(spki);
      bad.set(Buffer.from(e, 'hex'), spki.length - 3);
      await expect(rsaOaepEncrypt(bad, new Uint8Array(32))).rejects.toThrow(/invalid RSA public exponent/);
    }
  });

  it('refuses a message too long for the key', async () => {
    const { spki } = await parseCustomerPublicKey(publicPem);
    await expect(rsaOaepEncrypt(spki, new Uint8Array(512 - 66 + 1))).rejects.toThrow(/too long/);
  });
});

describe('keepalive accounting', () => {
  it('counts body, URL, headers and a fixed overhead, and refuses what does not fit 64 KiB', () => {
    const headers = { Authorization: 'Bearer eu-lf_x', 'Idempotency-Key': 'k'.repeat(22) };
    const cost = keepaliveCost('http://127.0.0.1:1/v1/batch', headers, 'b'.repeat(1000));
    expect(cost).toBe(512 + 27 + 1000 + ('Authorization'.length + 14 + 4) + ('Idempotency-Key'.length + 22 + 4));
    const budget = keepaliveBudget();
    expect(budget.capacity).toBe(65_536);
    expect(budget.reserve(40_000)).toBe(true);
    expect(budget.reserve(25_537)).toBe(false);
    expect(budget.reserve(25_536)).toBe(true);
    budget.release(40_000);
    expect(budget.reserve(40_000)).toBe(true);
  });
});

describe('spool names', () => {
  it('differ by key and endpoint and never contain the key', () => {
    const a = spoolName('eu-lf_secretkey1', 'http://127.0.0.1:7600');
    expect(a).toMatch(/^logflux-spool-[0-9a-f]+$/);
    expect(a).not.toContain('secret');
    expect(spoolName('eu-lf_secretkey2', 'http://127.0.0.1:7600')).not.toBe(a);
    expect(spoolName('eu-lf_secretkey1', 'http://127.0.0.1:7601')).not.toBe(a);
    expect(spoolName('eu-lf_secretkey1', 'http://127.0.0.1:7600')).toBe(a);
  });
});
