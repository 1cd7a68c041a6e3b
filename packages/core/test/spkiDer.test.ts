import { pemToDer, rsaModulusBits, webModulusBits } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { readKey, readVectorFile } from './helpers/vectors.js';

const spki4096 = pemToDer(readKey('test-rsa-4096-public.pem'), 'PUBLIC KEY');
const spki2048 = pemToDer(readKey('test-rsa-2048-public.pem'), 'PUBLIC KEY');

/** The EC P-256 key of the public-key vectors (test 11). */
const ecPem = (
  (readVectorFile('public_key_test.json').testGroups as { tests: { flags: string[]; publicKeyPem: string }[] }[])
    .flatMap((g) => g.tests)
    .find((t) => t.flags.includes('NotRsa')) as { publicKeyPem: string }
).publicKeyPem;

/** Both readings of a key's size: the DER walker and Web Crypto. */
const readers = { derWalker: rsaModulusBits, webCrypto: webModulusBits };

describe('reading an RSA key size: the DER walker and Web Crypto agree', () => {
  for (const [name, read] of Object.entries(readers)) {
    it(`${name}: 4096 and 2048 bits`, async () => {
      expect(await read(spki4096)).toBe(4096);
      expect(await read(spki2048)).toBe(2048);
    });

    it(`${name}: refuses trailing bytes, truncation, an EC key and garbage with key_format`, async () => {
      const ec = pemToDer(ecPem, 'PUBLIC KEY');
      const bad = [
        Uint8Array.from([...spki4096, 0]),
        spki4096.subarray(0, spki4096.length - 1),
        ec,
        new Uint8Array([0x30, 0x00]),
        new Uint8Array([0x04, 0x01, 0x00]),
        new Uint8Array(0),
      ];
      for (const spki of bad) await expect(Promise.resolve().then(() => read(spki))).rejects.toMatchObject({ errorClass: 'key_format' });
    });
  }
});
