import { sha256 as nobleSha256 } from '@noble/hashes/sha2';

export { rsaModulusBits } from '@logflux/core/codecs';

/**
 * Lazily loaded chunk for pages outside a secure context, where `crypto.subtle` does not exist:
 * SHA-256 (public-key fingerprints) from `@noble/hashes`, core's DER walker for the key's size, and
 * RSA-OAEP encryption of the session
 * key (RFC 8017 §7.1.1: SHA-256, MGF1-SHA-256, empty label) over BigInt arithmetic. Only public-key
 * operations happen here; the random seed comes from `crypto.getRandomValues`, which insecure
 * contexts still have.
 */

const HASH_BYTES = 32;

let warned = false;

/** The one console warning of a page outside a secure context. */
export function warnInsecure(): void {
  if (warned) return;
  warned = true;
  console.warn('logflux: not a secure context (https or localhost): no Web Crypto; sealing with @noble/ciphers (slower)');
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return nobleSha256(data);
}

function keyFormat(): never {
  throw new Error('the public key is not an RSA SubjectPublicKeyInfo');
}

/** Reads one DER element with `tag` at `p`; returns its content bounds. */
function element(b: Uint8Array, p: number, tag: number): [start: number, end: number] {
  if (b[p] !== tag) keyFormat();
  let len = b[p + 1] as number;
  let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) keyFormat();
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[q++] as number);
  }
  if (q + len > b.length) keyFormat();
  return [q, q + len];
}

function toBigInt(bytes: Uint8Array): bigint {
  let hex = '0x0';
  for (const x of bytes) hex += x.toString(16).padStart(2, '0');
  return BigInt(hex);
}

/** n and e of an RSA SubjectPublicKeyInfo (already checked by core's parser). */
function rsaPublicNumbers(spki: Uint8Array): { n: bigint; e: bigint; bytes: number } {
  const [seqStart] = element(spki, 0, 0x30);
  const [, algEnd] = element(spki, seqStart, 0x30);
  const [bitStart, bitEnd] = element(spki, algEnd, 0x03);
  const key = spki.subarray(bitStart + 1, bitEnd);
  const [rsaStart] = element(key, 0, 0x30);
  const [nStart, nEnd] = element(key, rsaStart, 0x02);
  const [eStart, eEnd] = element(key, nEnd, 0x02);
  const n = toBigInt(key.subarray(nStart, nEnd));
  return { n, e: toBigInt(key.subarray(eStart, eEnd)), bytes: (n.toString(16).length + 1) >> 1 };
}

function mgf1(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  for (let counter = 0, o = 0; o < length; counter++, o += HASH_BYTES) {
    new DataView(input.buffer).setUint32(seed.length, counter);
    out.set(nobleSha256(input).subarray(0, Math.min(HASH_BYTES, length - o)), o);
  }
  return out;
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

/** RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) encryption of `message` under `spki`. */
export async function rsaOaepEncrypt(spki: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const { n, e, bytes: k } = rsaPublicNumbers(spki);
  // RFC 8017 §3.1: an odd e with 3 ≤ e < n (e = 1 would send the padded session key as it is).
  if (e < 3n || (e & 1n) === 0n || e >= n) throw new Error('the public key has an invalid RSA public exponent');
  if (message.length > k - 2 * HASH_BYTES - 2) throw new Error('message too long for RSA-OAEP');
  // DB = lHash || PS (zeros) || 0x01 || M
  const db = new Uint8Array(k - HASH_BYTES - 1);
  db.set(nobleSha256(new Uint8Array(0)));
  db[db.length - message.length - 1] = 1;
  db.set(message, db.length - message.length);
  const seed = crypto.getRandomValues(new Uint8Array(HASH_BYTES));
  const dbMask = mgf1(seed, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (dbMask[i] as number);
  const seedMask = mgf1(db, HASH_BYTES);
  for (let i = 0; i < HASH_BYTES; i++) seed[i] = (seed[i] as number) ^ (seedMask[i] as number);
  const em = new Uint8Array(k);
  em.set(seed, 1);
  em.set(db, 1 + HASH_BYTES);
  const c = modPow(toBigInt(em), e, n);
  for (const secret of [em, db, seed, dbMask, seedMask]) secret.fill(0);
  const hex = c.toString(16).padStart(k * 2, '0');
  const out = new Uint8Array(k);
  for (let i = 0; i < k; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
