import { LogFluxError } from '../errors.js';

/** A hash function (SHA-1 or SHA-256) as the OAEP decoder uses it. */
export type Digest = (data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** MGF1 (RFC 8017 B.2.1): `length` bytes of hash(seed ‖ counter) for counter = 0, 1, … */
export async function mgf1(hash: Digest, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, at = 0; at < length; counter++) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const h = await hash(block);
    out.set(h.subarray(0, Math.min(h.length, length - at)), at);
    at += h.length;
  }
  return out;
}

export interface OaepDecodeParams {
  /** The OAEP hash (for the label). */
  hash: Digest;
  /** Its output length in bytes (32 for SHA-256). */
  hashBytes: number;
  /** The MGF1 hash, which may differ from `hash` (the Java SDK 3.0.1 uses SHA-1 with SHA-256). */
  mgfHash: Digest;
  /** The label; empty in this protocol. */
  label?: Uint8Array;
}

/**
 * EME-OAEP decoding (RFC 8017 §7.1.2 step 3) of the k-byte encoded message `em` that the raw RSA
 * private-key operation returned. Every malformation fails identically with `oaep`, and the checks
 * run to the end without branching on secret bytes before the single verdict, so that the result
 * cannot serve as a padding oracle.
 */
export async function oaepDecode(em: Uint8Array, params: OaepDecodeParams): Promise<Uint8Array> {
  const hLen = params.hashBytes;
  const k = em.length;
  if (k < 2 * hLen + 2) throw new LogFluxError('oaep', 'RSA-OAEP decoding failed');
  const lHash = await params.hash(params.label ?? new Uint8Array(0));
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = await mgf1(params.mgfHash, maskedDb, hLen);
  const seed = maskedSeed.map((b, i) => b ^ (seedMask[i] as number));
  const dbMask = await mgf1(params.mgfHash, seed, k - hLen - 1);
  const db = maskedDb.map((b, i) => b ^ (dbMask[i] as number));
  let bad = em[0] as number;
  for (let i = 0; i < hLen; i++) bad |= (db[i] as number) ^ (lHash[i] as number);
  // Find the 0x01 separator after the zero padding without an early exit.
  let separator = 0;
  let looking = 1;
  for (let i = hLen; i < db.length; i++) {
    const b = db[i] as number;
    const isOne = Number(b === 1);
    const isZero = Number(b === 0);
    separator += looking * isOne * i;
    bad |= looking & Number(!isOne && !isZero);
    looking &= Number(!isOne);
  }
  bad |= looking;
  seed.fill(0);
  if (bad !== 0) {
    db.fill(0);
    throw new LogFluxError('oaep', 'RSA-OAEP decoding failed');
  }
  const message = db.slice(separator + 1);
  db.fill(0);
  return message;
}
