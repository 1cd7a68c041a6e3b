import { base64DecodeStrict } from '../codec/base64Strict.js';
import type { KeyWrap } from '../codec/officialSdkCompat.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import { type Digest, oaepDecode } from './oaepDecode.js';
import { unwrapSessionKey } from './privateKey.js';

/**
 * The raw RSA private-key operation RSADP (RFC 8017 §5.1.2) of the customer's key: the ciphertext
 * as an integer raised to the private exponent, returned as k bytes (k = the modulus length). Web
 * Crypto has no such call; a runtime supplies one (Node: `privateDecrypt` with `RSA_NO_PADDING`).
 */
export type RsaPrivateRaw = (ciphertext: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface UnwrapCompatOptions {
  /**
   * Enables the read tolerance for session keys wrapped with MGF1-SHA-1 (the Java SDK 3.0.1,
   * docs/protocol.md §7.8 rule 1). Without it only the protocol's parameters are tried.
   */
  rawDecrypt?: RsaPrivateRaw;
  /** The private key's modulus length in bytes; a ciphertext of another length fails with `oaep`. */
  modulusBytes?: number;
  /** SHA-1 and SHA-256 for the OAEP decoding (default: Web Crypto). */
  digest?: (algorithm: 'SHA-1' | 'SHA-256', data: Uint8Array) => Promise<Uint8Array>;
}

export interface UnwrappedSessionKey {
  /** The 32-byte session key. */
  secret: Uint8Array;
  /** `mgf1_sha1` when only the Java SDK 3.0.1's parameters unwrapped it. */
  wrap: KeyWrap;
}

const webDigest = async (algorithm: 'SHA-1' | 'SHA-256', data: Uint8Array) =>
  new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data as Uint8Array<ArrayBuffer>));

/**
 * Unwraps an `encrypted_secret` as a decoder that reads every official SDK does: RSA-OAEP with
 * SHA-256 and MGF1-SHA-256 first (§4.3); if that fails and `rawDecrypt` is given, SHA-256 with
 * MGF1-SHA-1. Fails with `base64`, `oaep` (neither works; one message for every cause, so it is
 * no padding oracle) or `secret_length`.
 */
export async function unwrapSessionKeyCompat(
  privateKey: CryptoKey,
  encryptedSecret: string,
  options: UnwrapCompatOptions = {},
): Promise<UnwrappedSessionKey> {
  const ciphertext = base64DecodeStrict(encryptedSecret, 'encrypted_secret');
  if (options.modulusBytes !== undefined && ciphertext.length !== options.modulusBytes) {
    // The length is public (the service sees it), so naming it reveals nothing about the key.
    throw new LogFluxError(
      'oaep',
      `the wrapped session key is ${ciphertext.length} bytes; this private key's modulus is ${options.modulusBytes} bytes`,
    );
  }
  try {
    return { secret: await unwrapSessionKey(privateKey, encryptedSecret), wrap: 'mgf1_sha256' };
  } catch (error) {
    if (!(error instanceof LogFluxError) || error.errorClass !== 'oaep' || !options.rawDecrypt) throw error;
  }
  const digest = options.digest ?? webDigest;
  const sha256: Digest = (d) => digest('SHA-256', d);
  const sha1: Digest = (d) => digest('SHA-1', d);
  let em: Uint8Array;
  try {
    em = await options.rawDecrypt(ciphertext);
  } catch {
    throw new LogFluxError('oaep', 'the session key could not be unwrapped with this private key');
  }
  let secret: Uint8Array;
  try {
    secret = await oaepDecode(em, { hash: sha256, hashBytes: 32, mgfHash: sha1 });
  } catch {
    throw new LogFluxError('oaep', 'the session key could not be unwrapped with this private key');
  } finally {
    em.fill(0);
  }
  if (secret.length !== PROTOCOL.sessionKeyBytes) {
    secret.fill(0);
    throw new LogFluxError('secret_length', `the unwrapped secret is not ${PROTOCOL.sessionKeyBytes} bytes`);
  }
  return { secret, wrap: 'mgf1_sha1' };
}
