import { base64DecodeStrict } from '../codec/base64Strict.js';
import { pemToDer } from '../crypto/publicKey.js';
import type { RsaPrivateRaw } from '../crypto/sessionKeyUnwrap.js';

/**
 * A portable raw RSA private-key operation (RSADP with the CRT) in BigInt arithmetic, so the vector
 * runner can check MGF1-SHA-1 unwraps in any runtime with Web Crypto, browsers included. It is not
 * constant-time: for the TEST-ONLY keys of the vectors only. Real readers inject their runtime's
 * operation (the CLI uses Node's `privateDecrypt` with `RSA_NO_PADDING`).
 */

function b64urlToBigInt(text: string): bigint {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = base64DecodeStrict(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  let hex = '0x0';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return BigInt(hex);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

export async function testOnlyRawRsa(privateKeyPem: string): Promise<{ rawDecrypt: RsaPrivateRaw; modulusBytes: number }> {
  const der = pemToDer(privateKeyPem, 'PRIVATE KEY') as Uint8Array<ArrayBuffer>;
  const key = await globalThis.crypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['decrypt']);
  const jwk = await globalThis.crypto.subtle.exportKey('jwk', key);
  const [n, p, q, dp, dq, qi] = [jwk.n, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map((v) => b64urlToBigInt(v ?? '')) as bigint[] &
    [bigint, bigint, bigint, bigint, bigint, bigint];
  const k = (n.toString(16).length + 1) >> 1;
  const rawDecrypt: RsaPrivateRaw = (ciphertext) => {
    let c = 0n;
    for (const b of ciphertext) c = (c << 8n) | BigInt(b);
    if (ciphertext.length !== k || c >= n) throw new Error('ciphertext out of range');
    const m1 = modPow(c, dp, p);
    const m2 = modPow(c, dq, q);
    const h = (((m1 - m2) % p) + p) % p;
    let m = m2 + ((h * qi) % p) * q;
    const out = new Uint8Array(k);
    for (let i = k - 1; i >= 0; i--, m >>= 8n) out[i] = Number(m & 0xffn);
    return out;
  };
  return { rawDecrypt, modulusBytes: k };
}
