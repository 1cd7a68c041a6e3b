import { createPublicKey } from 'node:crypto';

/**
 * The modulus n of a tenant's RSA public key, big-endian without leading zeros, so that the
 * handshake can check a wrapped session key's size: an RSA-OAEP ciphertext is exactly as long as
 * the modulus and, read as a number, smaller than it (RFC 8017 §7.1.1).
 */

const cache = new Map<string, Buffer>();

export function rsaModulus(publicKeyPem: string): Buffer {
  let n = cache.get(publicKeyPem);
  if (!n) {
    const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
    if (typeof jwk.n !== 'string') throw new Error('the tenant key is not an RSA key');
    const raw = Buffer.from(jwk.n, 'base64url');
    let start = 0;
    while (start < raw.length - 1 && raw[start] === 0) start++;
    n = raw.subarray(start);
    cache.set(publicKeyPem, n);
  }
  return n;
}

/** True when `ciphertext` has the modulus's length and is numerically below it. */
export function fitsModulus(ciphertext: Uint8Array, modulus: Uint8Array): boolean {
  return ciphertext.length === modulus.length && Buffer.compare(Buffer.from(ciphertext), Buffer.from(modulus)) < 0;
}
