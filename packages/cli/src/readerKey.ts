import { constants, createHash, createPublicKey, privateDecrypt } from 'node:crypto';
import { importPrivateKeyPem, type RsaPrivateRaw } from '@logflux/core';
import { readPrivateKeyObject } from './secrets.js';

/**
 * The customer's private key as the reader uses it: a Web Crypto key for the protocol's RSA-OAEP,
 * the raw RSA operation for the Java SDK 3.0.1's MGF1-SHA-1 wraps (Web Crypto cannot do
 * SHA-256 with MGF1-SHA-1), the modulus length every stored `encrypted_secret` must have, and the
 * fingerprint of its public half (to tell a wrong private key from a damaged wrapped key).
 */
export interface ReaderKey {
  cryptoKey: CryptoKey;
  rawDecrypt: RsaPrivateRaw;
  modulusBytes: number;
  /** `SHA256:` + hex of SHA-256 over the public key's DER SubjectPublicKeyInfo. */
  fingerprint: string;
}

export async function loadReaderKey(path: string, passphrase: string | undefined): Promise<ReaderKey> {
  const key = readPrivateKeyObject(path, passphrase);
  const cryptoKey = await importPrivateKeyPem(key.export({ type: 'pkcs8', format: 'pem' }).toString());
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return {
    cryptoKey,
    rawDecrypt: (ciphertext) => new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext)),
    modulusBytes: (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8,
    fingerprint: `SHA256:${createHash('sha256').update(spki).digest('hex')}`,
  };
}

export function isReaderKey(value: CryptoKey | ReaderKey): value is ReaderKey {
  return 'rawDecrypt' in value;
}
