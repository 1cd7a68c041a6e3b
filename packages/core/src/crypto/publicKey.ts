import { toHex } from '../bytes.js';
import { base64DecodeStrict } from '../codec/base64.js';
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

// AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1).
const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

function keyFormat(reason: string): never {
  throw new LogFluxError('key_format', `the public key is not an RSA SubjectPublicKeyInfo PEM: ${reason}`);
}

/** Decodes the single base64 body of a PEM block with the given label. */
export function pemToDer(pem: string, label: string): Uint8Array {
  const m = new RegExp(`^\\s*-----BEGIN ${label}-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n?-----END ${label}-----\\s*$`).exec(pem);
  if (!m) keyFormat(`expected one "${label}" PEM block`);
  try {
    return base64DecodeStrict((m[1] as string).replace(/\r?\n/g, ''), 'PEM body');
  } catch {
    keyFormat('the PEM body is not valid base64');
  }
}

/** A minimal DER reader: enough to walk SubjectPublicKeyInfo and RSAPublicKey. */
class Der {
  readonly #b: Uint8Array;
  readonly #end: number;
  constructor(
    b: Uint8Array,
    public p = 0,
    end = b.length,
  ) {
    this.#b = b;
    this.#end = end;
  }

  read(tag: number): Der {
    if (this.p + 2 > this.#end || this.#b[this.p] !== tag) keyFormat('unexpected DER structure');
    let len = this.#b[this.p + 1] as number;
    let q = this.p + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3 || q + n > this.#end) keyFormat('bad DER length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (this.#b[q++] as number);
    }
    if (q + len > this.#end) keyFormat('truncated DER');
    const inner = new Der(this.#b, q, q + len);
    this.p = q + len;
    return inner;
  }

  bytes(): Uint8Array {
    return this.#b.subarray(this.p, this.#end);
  }
}

function modulusBitsOf(spki: Uint8Array): number {
  const outer = new Der(spki);
  const seq = outer.read(0x30);
  if (outer.p !== spki.length) keyFormat('trailing bytes after the key');
  const alg = seq.read(0x30).bytes();
  if (alg.length < RSA_OID.length || RSA_OID.some((v, i) => alg[i] !== v)) keyFormat('not an RSA key');
  const bitString = seq.read(0x03).bytes();
  if (bitString[0] !== 0) keyFormat('bad BIT STRING');
  const rsa = new Der(bitString, 1).read(0x30);
  const n = rsa.read(0x02).bytes();
  rsa.read(0x02); // public exponent
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) keyFormat('zero modulus');
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}

/** SHA-256 through Web Crypto: the default wherever a digest function is optional. */
export async function webSha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/** A SHA-256 implementation (see `CodecProviders.sha256`). */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** `SHA256:` + lowercase hex SHA-256 of a DER SubjectPublicKeyInfo. */
export async function fingerprintSpki(spki: Uint8Array, sha256: Sha256 = webSha256): Promise<string> {
  return `SHA256:${toHex(await sha256(spki))}`;
}

/**
 * Parses the customer's public key (PEM SubjectPublicKeyInfo, RSA) and checks its size: at least
 * 4096 bits unless `minModulusBits` lowers it, never below 2048.
 */
export async function parseCustomerPublicKey(
  pem: string,
  minModulusBits: number = PROTOCOL.minRsaModulusBits,
  sha256: Sha256 = webSha256,
): Promise<CustomerPublicKey> {
  if (typeof pem !== 'string') keyFormat('expected a PEM string');
  const spki = pemToDer(pem, 'PUBLIC KEY');
  const modulusBits = modulusBitsOf(spki);
  const floor = Math.max(minModulusBits, PROTOCOL.absoluteMinRsaModulusBits);
  if (modulusBits < floor) {
    throw new LogFluxError('key_too_small', `the RSA key has ${modulusBits} bits; at least ${floor} are required`);
  }
  return { spki, modulusBits, fingerprint: await fingerprintSpki(spki, sha256) };
}

/** A pin given as a fingerprint: `SHA256:` + 64 hex digits, either case. */
export const PIN_PATTERN = /^SHA256:[0-9a-fA-F]{64}$/;

/**
 * Normalises a configured pin: either a fingerprint (`SHA256:` + 64 hex digits, either case) or
 * the customer's public key PEM. Returns the lowercase fingerprint.
 */
export async function normalisePin(pin: string, sha256: Sha256 = webSha256): Promise<string> {
  if (typeof pin === 'string' && PIN_PATTERN.test(pin)) return `SHA256:${pin.slice(7).toLowerCase()}`;
  if (typeof pin === 'string' && pin.includes('-----BEGIN PUBLIC KEY-----')) {
    try {
      return await fingerprintSpki(pemToDer(pin, 'PUBLIC KEY'), sha256);
    } catch {
      // fall through to the pin_format error
    }
  }
  throw new LogFluxError('pin_format', 'the public-key pin must be "SHA256:" followed by 64 hex digits, or a PEM public key');
}

/** Throws `pin_mismatch` unless the presented key's fingerprint equals the pin. */
export async function checkPin(key: CustomerPublicKey, pin: string, sha256: Sha256 = webSha256): Promise<void> {
  const expected = await normalisePin(pin, sha256);
  if (key.fingerprint !== expected) {
    throw new LogFluxError(
      'pin_mismatch',
      `the server presented public key ${key.fingerprint}, but the client is pinned to ${expected}; refusing to send the session key`,
    );
  }
}
