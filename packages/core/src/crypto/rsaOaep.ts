import { base64Encode } from '../codec/base64.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';
import type { CustomerPublicKey } from './publicKey.js';

/** RSA-OAEP with SHA-256 (and MGF1-SHA-256: Web Crypto uses the same hash for both). */
export const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

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
  if (sessionKey.length !== PROTOCOL.sessionKeyBytes) throw new LogFluxError('secret_length', 'session key: not 32 bytes');
  if (encrypt) return base64Encode(await encrypt(publicKey.spki, sessionKey));
  const key = await globalThis.crypto.subtle.importKey('spki', buf(publicKey.spki), OAEP, false, ['encrypt']);
  const wrapped = await globalThis.crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, buf(sessionKey));
  return base64Encode(new Uint8Array(wrapped));
}
