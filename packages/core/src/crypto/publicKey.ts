import { toHex } from '../bytes.js';
import { LogFluxError } from '../errors.js';
import { PROTOCOL } from '../limits.js';

/** The customer's RSA public key, parsed and fingerprinted. */
export interface CustomerPublicKey {
  /** DER SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  /** Modulus size in bits. */
  readonly modulusBits: number;
  /** `SHA256:` + lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
  readonly fingerprint: string;
}

function keyFormat(reason: string): never {
  throw new LogFluxError('key_format', `public key: ${reason}`);
}

/** Decodes the single base64 body of a PEM block with the given label. */
export function pemToDer(pem: string, label: string): Uint8Array {
  const m = new RegExp(`^\\s*-----BEGIN ${label}-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n?-----END ${label}-----\\s*$`).exec(pem);
  if (!m) keyFormat(`not one "${label}" PEM block`);
  try {
    return Uint8Array.from(atob((m[1] as string).replace(/\r?\n/g, '')), (c) => c.charCodeAt(0));
  } catch {
    keyFormat('bad base64 in the PEM body');
  }
}

/** SHA-256 through Web Crypto: the default wherever a digest function is optional. */
export async function webSha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/** A SHA-256 implementation (see `CodecProviders.sha256`). */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** The modulus size of an RSA SubjectPublicKeyInfo (see `CodecProviders.rsaModulusBits`). */
export type ModulusBits = (spki: Uint8Array) => number | Promise<number>;

/** Bytes the DER element at the start of `b` spans (header and content). */
function derSpan(b: Uint8Array): number {
  const first = b[1] as number;
  if (!(first & 0x80)) return 2 + first;
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (b[2 + i] as number);
  return 2 + (first & 0x7f) + length;
}

/**
 * The modulus size through Web Crypto: the key imported for RSA-OAEP, which refuses anything but
 * an RSA SubjectPublicKeyInfo. The outer SEQUENCE must span the input exactly, as the DER walker
 * (spkiDer.ts) requires: Web Crypto in Node ignores trailing bytes.
 */
export async function webModulusBits(spki: Uint8Array): Promise<number> {
  if (spki[0] !== 0x30 || derSpan(spki) !== spki.length) keyFormat('not one DER SEQUENCE');
  try {
    const key = await globalThis.crypto.subtle.importKey(
      'spki',
      spki as Uint8Array<ArrayBuffer>,
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['encrypt'],
    );
    return (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  } catch {
    keyFormat('not an RSA SubjectPublicKeyInfo');
  }
}

/** `SHA256:` + lowercase hex SHA-256 of a DER SubjectPublicKeyInfo. */
export async function fingerprintSpki(spki: Uint8Array, sha256: Sha256 = webSha256): Promise<string> {
  return `SHA256:${toHex(await sha256(spki))}`;
}

/**
 * Parses the customer's public key (PEM SubjectPublicKeyInfo, RSA) and checks its size: at least
 * 4096 bits unless `minModulusBits` lowers it, never below 2048. Web Crypto reads the key unless
 * `sha256` and `modulusBits` replace it (hosts without `crypto.subtle`).
 */
export async function parseCustomerPublicKey(
  pem: string,
  minModulusBits: number = PROTOCOL.minRsaModulusBits,
  sha256: Sha256 = webSha256,
  modulusBits: ModulusBits = webModulusBits,
): Promise<CustomerPublicKey> {
  if (typeof pem !== 'string') keyFormat('not a PEM string');
  const spki = pemToDer(pem, 'PUBLIC KEY');
  const bits = await modulusBits(spki);
  const floor = Math.max(minModulusBits, PROTOCOL.absoluteMinRsaModulusBits);
  if (bits < floor) throw new LogFluxError('key_too_small', `RSA key of ${bits} bits; at least ${floor} required`);
  return { spki, modulusBits: bits, fingerprint: await fingerprintSpki(spki, sha256) };
}

/** A pin given as a fingerprint: `SHA256:` + 64 hex digits, either case. */
export const PIN_PATTERN = /^SHA256:[0-9a-fA-F]{64}$/;

/**
 * Normalises a configured pin: either a fingerprint (`SHA256:` + 64 hex digits, either case) or
 * the customer's public key PEM. Returns the lowercase fingerprint.
 */
export async function normalisePin(pin: string, sha256: Sha256 = webSha256): Promise<string> {
  if (typeof pin === 'string' && PIN_PATTERN.test(pin)) return pin.toLowerCase().replace('sha256', 'SHA256');
  try {
    return await fingerprintSpki(pemToDer(pin, 'PUBLIC KEY'), sha256);
  } catch {
    throw new LogFluxError('pin_format', 'pin: "SHA256:" + 64 hex digits, or a PEM public key');
  }
}

/** Throws `pin_mismatch` unless the presented key's fingerprint equals the pin. */
export async function checkPin(key: CustomerPublicKey, pin: string, sha256: Sha256 = webSha256): Promise<void> {
  const expected = await normalisePin(pin, sha256);
  if (key.fingerprint !== expected) {
    throw new LogFluxError('pin_mismatch', `server key ${key.fingerprint} is not the pinned ${expected}; session key not sent`);
  }
}
