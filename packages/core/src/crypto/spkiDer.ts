import { LogFluxError } from '../errors.js';

/**
 * The size of an RSA key read from its DER SubjectPublicKeyInfo without Web Crypto: a minimal DER
 * walker over SubjectPublicKeyInfo and RSAPublicKey. For hosts without `crypto.subtle` (browser
 * pages outside a secure context supply it as `CodecProviders.rsaModulusBits`); everywhere else
 * {@link parseCustomerPublicKey} asks Web Crypto. Both refuse the same inputs with `key_format`.
 */

// AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1).
const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

function keyFormat(reason: string): never {
  throw new LogFluxError('key_format', `public key: ${reason}`);
}

/** One DER element with `tag` at `p` of `b` (within `end`): its content's bounds. */
function element(b: Uint8Array, p: number, end: number, tag: number): [start: number, end: number] {
  if (p + 2 > end || b[p] !== tag) keyFormat('unexpected DER structure');
  let len = b[p + 1] as number;
  let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || q + n > end) keyFormat('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[q++] as number);
  }
  if (q + len > end) keyFormat('truncated DER');
  return [q, q + len];
}

/** The modulus size in bits of an RSA SubjectPublicKeyInfo; `key_format` for anything else. */
export function rsaModulusBits(spki: Uint8Array): number {
  const [seq, seqEnd] = element(spki, 0, spki.length, 0x30);
  if (seqEnd !== spki.length) keyFormat('trailing bytes after the key');
  const [alg, algEnd] = element(spki, seq, seqEnd, 0x30);
  if (algEnd - alg < RSA_OID.length || RSA_OID.some((v, i) => spki[alg + i] !== v)) keyFormat('not an RSA key');
  const [bits, bitsEnd] = element(spki, algEnd, seqEnd, 0x03);
  if (spki[bits] !== 0) keyFormat('bad BIT STRING');
  const [rsa, rsaEnd] = element(spki, bits + 1, bitsEnd, 0x30);
  const [n, nEnd] = element(spki, rsa, rsaEnd, 0x02);
  element(spki, nEnd, rsaEnd, 0x02); // public exponent
  let i = n;
  while (i < nEnd && spki[i] === 0) i++;
  if (i === nEnd) keyFormat('zero modulus');
  return (nEnd - i - 1) * 8 + (32 - Math.clz32(spki[i] as number));
}
