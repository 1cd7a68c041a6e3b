import { constants, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { importPrivateKeyPem, mgf1, oaepDecode, toHex, unwrapSessionKey, unwrapSessionKeyCompat } from '@logflux/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { peerWrapSecret } from '../../../tools/peer-sdks/wire.js';
import { oaepEncrypt } from '../../../tools/vector-gen/oaep.js';
import { readKey } from './helpers/vectors.js';

const publicPem = readKey('test-rsa-4096-public.pem');
const privatePem = readKey('test-rsa-4096-private.pem');
const nodeKey = createPrivateKey(privatePem);
const rawDecrypt = (c: Uint8Array) => new Uint8Array(privateDecrypt({ key: nodeKey, padding: constants.RSA_NO_PADDING }, c));
const secret = new Uint8Array(randomBytes(32));
const sha = (alg: string) => async (d: Uint8Array) => new Uint8Array(await crypto.subtle.digest(alg, d as Uint8Array<ArrayBuffer>));
let privateKey: CryptoKey;

beforeAll(async () => {
  privateKey = await importPrivateKeyPem(privatePem);
});

describe('mgf1 and oaepDecode', () => {
  it('MGF1-SHA-1 of a known seed matches the RFC 8017 construction', async () => {
    const seed = new Uint8Array([1, 2, 3]);
    const mask = await mgf1(sha('SHA-1'), seed, 45);
    const block = async (c: number) => new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array([1, 2, 3, 0, 0, 0, c])));
    const expected = new Uint8Array([...(await block(0)), ...(await block(1)), ...(await block(2)).subarray(0, 5)]);
    expect(toHex(mask)).toBe(toHex(expected));
  });

  it('decodes a SHA-256/MGF1-SHA-1 encoding and refuses it under MGF1-SHA-256', async () => {
    const em = rawDecrypt(Buffer.from(peerWrapSecret('java', publicPem, secret), 'base64'));
    const sha256 = sha('SHA-256');
    expect(await oaepDecode(em, { hash: sha256, hashBytes: 32, mgfHash: sha('SHA-1') })).toEqual(secret);
    await expect(oaepDecode(em, { hash: sha256, hashBytes: 32, mgfHash: sha256 })).rejects.toMatchObject({ errorClass: 'oaep' });
    await expect(oaepDecode(em.subarray(0, 60), { hash: sha256, hashBytes: 32, mgfHash: sha256 })).rejects.toMatchObject({
      errorClass: 'oaep',
    });
  });
});

describe('unwrapSessionKeyCompat', () => {
  it('unwraps the protocol wrap (JS, Go) as mgf1_sha256', async () => {
    for (const sdk of ['js', 'go'] as const) {
      const wrapped = peerWrapSecret(sdk, publicPem, secret);
      expect(await unwrapSessionKey(privateKey, wrapped)).toEqual(secret);
      expect(await unwrapSessionKeyCompat(privateKey, wrapped, { rawDecrypt, modulusBytes: 512 })).toEqual({ secret, wrap: 'mgf1_sha256' });
    }
  });

  it('unwraps the Java SDK 3.0.1 wrap (MGF1-SHA-1) only with the raw RSA provider', async () => {
    const wrapped = peerWrapSecret('java', publicPem, secret);
    await expect(unwrapSessionKey(privateKey, wrapped)).rejects.toMatchObject({ errorClass: 'oaep' });
    await expect(unwrapSessionKeyCompat(privateKey, wrapped)).rejects.toMatchObject({ errorClass: 'oaep' });
    expect(await unwrapSessionKeyCompat(privateKey, wrapped, { rawDecrypt })).toEqual({ secret, wrap: 'mgf1_sha1' });
  });

  it('still refuses SHA-1 as the OAEP hash, a label, a bogus 512-byte secret and a wrong length', async () => {
    const seeded = (n: number) => new Uint8Array(randomBytes(n));
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const cases = [
      b64(oaepEncrypt(publicPem, secret, seeded, { hash: 'sha1', mgfHash: 'sha1' })),
      b64(oaepEncrypt(publicPem, secret, seeded, { hash: 'sha256', mgfHash: 'sha1', label: new Uint8Array([1]) })),
      b64(new Uint8Array(randomBytes(512))),
    ];
    for (const c of cases) {
      await expect(unwrapSessionKeyCompat(privateKey, c, { rawDecrypt, modulusBytes: 512 })).rejects.toMatchObject({ errorClass: 'oaep' });
    }
    const short = b64(new Uint8Array(randomBytes(256)));
    await expect(unwrapSessionKeyCompat(privateKey, short, { rawDecrypt, modulusBytes: 512 })).rejects.toMatchObject({
      errorClass: 'oaep',
      message: expect.stringContaining('256 bytes'),
    });
    await expect(unwrapSessionKeyCompat(privateKey, short, { rawDecrypt })).rejects.toMatchObject({ errorClass: 'oaep' });
  });

  it('reports secret_length for a MGF1-SHA-1 wrap of 16 bytes, and base64 for bad text', async () => {
    const seeded = (n: number) => new Uint8Array(randomBytes(n));
    const wrapped = Buffer.from(oaepEncrypt(publicPem, secret.subarray(0, 16), seeded, { hash: 'sha256', mgfHash: 'sha1' })).toString(
      'base64',
    );
    await expect(unwrapSessionKeyCompat(privateKey, wrapped, { rawDecrypt })).rejects.toMatchObject({ errorClass: 'secret_length' });
    await expect(unwrapSessionKeyCompat(privateKey, 'not base64!', { rawDecrypt })).rejects.toMatchObject({ errorClass: 'base64' });
  });
});
