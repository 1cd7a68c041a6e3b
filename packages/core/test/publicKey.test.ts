import { checkPin, importPrivateKeyPem, normalisePin, parseCustomerPublicKey, unwrapSessionKey, wrapSessionKey } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { readKey } from './helpers/vectors.js';

const publicPem = readKey('test-rsa-4096-public.pem');

describe('customer public key', () => {
  it('parses, measures and fingerprints the test key', async () => {
    const key = await parseCustomerPublicKey(publicPem);
    expect(key.modulusBits).toBe(4096);
    expect(key.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
    expect(await normalisePin(publicPem)).toBe(key.fingerprint);
  });

  it('allows lowering the minimum size only down to 2048 bits', async () => {
    const small = readKey('test-rsa-2048-public.pem');
    await expect(parseCustomerPublicKey(small)).rejects.toMatchObject({ errorClass: 'key_too_small' });
    expect((await parseCustomerPublicKey(small, 2048)).modulusBits).toBe(2048);
    expect((await parseCustomerPublicKey(small, 1024)).modulusBits).toBe(2048);
  });

  it('names both fingerprints when a pin does not match', async () => {
    const key = await parseCustomerPublicKey(publicPem);
    const other = `SHA256:${'0'.repeat(64)}`;
    await expect(checkPin(key, other)).rejects.toThrow(new RegExp(`${key.fingerprint}.*${other}`));
  });
});

describe('session key wrapping', () => {
  it('wraps with the public key and unwraps with the private key', async () => {
    const key = await parseCustomerPublicKey(publicPem);
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await wrapSessionKey(key, secret);
    const again = await wrapSessionKey(key, secret);
    expect(wrapped).not.toBe(again); // OAEP is randomised
    const privateKey = await importPrivateKeyPem(readKey('test-rsa-4096-private.pem'));
    expect(await unwrapSessionKey(privateKey, wrapped)).toEqual(secret);
  });

  it('rejects a key that is not PKCS#8 with key_format', async () => {
    await expect(importPrivateKeyPem(publicPem)).rejects.toMatchObject({ errorClass: 'key_format' });
  });
});
