import { base64DecodeStrict, base64Encode } from '../codec/base64.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import type { CustomerPublicKey } from './publicKey.js';
import { pemToDer } from './publicKey.js';

const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/**
 * Wraps the session key for `handshake/complete`: RSA-OAEP with SHA-256 and MGF1-SHA-256 and an
 * empty label (Web Crypto uses the same hash for MGF1), returned as standard base64. `encrypt`
 * replaces Web Crypto where it is missing (browser pages outside a secure context).
 */
export async function wrapSessionKey(
  publicKey: CustomerPublicKey,
  sessionKey: Uint8Array,
  encrypt?: (spki: Uint8Array, data: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  if (sessionKey.length !== PROTOCOL.sessionKeyBytes) throw new LogFluxError('secret_length', 'the session key must be 32 bytes');
  if (encrypt) return base64Encode(await encrypt(publicKey.spki, sessionKey));
  const key = await globalThis.crypto.subtle.importKey('spki', buf(publicKey.spki), OAEP, false, ['encrypt']);
  const wrapped = await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, buf(sessionKey));
  return base64Encode(new Uint8Array(wrapped));
}

/** Imports an unencrypted PKCS#8 PEM RSA private key for unwrapping session keys. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  let der: Uint8Array;
  try {
    der = pemToDer(pem, 'PRIVATE KEY');
  } catch {
    throw new LogFluxError('key_format', 'the private key is not an unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY")');
  }
  try {
    return await globalThis.crypto.subtle.importKey('pkcs8', buf(der), OAEP, false, ['decrypt']);
  } catch (error) {
    throw new LogFluxError('key_format', 'the private key could not be imported as an RSA key', { cause: error });
  } finally {
    der.fill(0);
  }
}

/**
 * Unwraps an `encrypted_secret` with the customer's private key. Fails with `base64`, `oaep` (any
 * decryption failure: wrong key, hash, MGF, label, length or tampering) or `secret_length`.
 */
export async function unwrapSessionKey(privateKey: CryptoKey, encryptedSecret: string): Promise<Uint8Array> {
  const ciphertext = base64DecodeStrict(encryptedSecret, 'encrypted_secret');
  let secret: Uint8Array;
  try {
    secret = new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, buf(ciphertext)));
  } catch (error) {
    throw new LogFluxError('oaep', 'the session key could not be unwrapped with this private key', { cause: error });
  }
  if (secret.length !== PROTOCOL.sessionKeyBytes) {
    secret.fill(0);
    throw new LogFluxError('secret_length', `the unwrapped secret is not ${PROTOCOL.sessionKeyBytes} bytes`);
  }
  return secret;
}
