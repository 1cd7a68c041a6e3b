import { createHash, createPublicKey } from 'node:crypto';

/**
 * Deterministic RSA-OAEP encryption (RFC 8017 §7.1.1) with a caller-chosen seed, hash, MGF hash
 * and label, so the decrypt-only vectors are reproducible and can include wrong-parameter
 * ciphertexts no Web Crypto call would produce.
 */
export interface OaepParams {
  hash: 'sha256' | 'sha1';
  mgfHash: 'sha256' | 'sha1';
  label?: Uint8Array;
}

function digest(alg: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(data).digest());
}

function mgf1(alg: string, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let counter = 0, o = 0; o < length; counter++) {
    const c = new Uint8Array([counter >>> 24, (counter >>> 16) & 255, (counter >>> 8) & 255, counter & 255]);
    const h = digest(alg, new Uint8Array([...seed, ...c]));
    out.set(h.subarray(0, Math.min(h.length, length - o)), o);
    o += h.length;
  }
  return out;
}

const b64urlToBigInt = (s: string) => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

export function rsaPublicNumbers(pem: string): { n: bigint; e: bigint; k: number } {
  const jwk = createPublicKey(pem).export({ format: 'jwk' }) as { n: string; e: string };
  const n = b64urlToBigInt(jwk.n);
  return { n, e: b64urlToBigInt(jwk.e), k: Buffer.from(jwk.n, 'base64url').length };
}

export function oaepEncrypt(pem: string, message: Uint8Array, seedSource: (n: number) => Uint8Array, p: OaepParams): Uint8Array {
  const { n, e, k } = rsaPublicNumbers(pem);
  const lHash = digest(p.hash, p.label ?? new Uint8Array(0));
  const hLen = lHash.length;
  const ps = new Uint8Array(k - message.length - 2 * hLen - 2);
  const db = new Uint8Array([...lHash, ...ps, 1, ...message]);
  const seed = seedSource(hLen);
  const dbMask = mgf1(p.mgfHash, seed, db.length);
  const maskedDb = db.map((v, i) => v ^ (dbMask[i] as number));
  const seedMask = mgf1(p.mgfHash, maskedDb, hLen);
  const maskedSeed = seed.map((v, i) => v ^ (seedMask[i] as number));
  const em = new Uint8Array([0, ...maskedSeed, ...maskedDb]);
  const c = modPow(BigInt(`0x${Buffer.from(em).toString('hex')}`), e, n);
  return new Uint8Array(Buffer.from(c.toString(16).padStart(k * 2, '0'), 'hex'));
}
