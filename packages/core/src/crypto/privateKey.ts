import { base64DecodeStrict } from '../codec/base64Strict.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import { pemToDer } from './publicKey.js';
import { OAEP } from './rsaOaep.js';

/**
 * The reading side of the session key: the customer's private key imported, and `encrypted_secret`
 * values unwrapped with it. Apart from the wrapping (rsaOaep.ts), which is all a client needs.
 */

function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
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
