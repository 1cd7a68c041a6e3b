import type { RandomSource } from '../providers.js';

const MAX_GETRANDOM = 65536;

/** Random bytes from the Web Crypto CSPRNG (`globalThis.crypto`, present in browsers and Node ≥ 20). */
export const webRandom: RandomSource = (length) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += MAX_GETRANDOM) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + MAX_GETRANDOM)));
  }
  return out;
};

/**
 * Serves small random values (nonces) out of a larger pre-filled buffer, so one CSPRNG call
 * covers hundreds of entries. Each value is a fresh copy; the pool is never reused.
 */
export function pooledRandom(source: RandomSource, poolSize = 4096): RandomSource {
  let pool: Uint8Array = new Uint8Array(0);
  let offset = 0;
  return (length) => {
    if (length > poolSize) return source(length);
    if (offset + length > pool.length) {
      pool = source(poolSize);
      offset = 0;
    }
    const out = pool.slice(offset, offset + length);
    pool.fill(0, offset, offset + length);
    offset += length;
    return out;
  };
}
