import { createHash } from 'node:crypto';

/**
 * Deterministic byte source for the generator: SHA-256 in counter mode over a label. Every value
 * in the vector files derives from a label, so regenerating gives identical files.
 */
export function drbg(label: string): (n: number) => Uint8Array {
  let counter = 0;
  let pool = new Uint8Array(0);
  return (n) => {
    while (pool.length < n) {
      const block = createHash('sha256').update(`logflux-vectors/${label}/${counter++}`).digest();
      const next = new Uint8Array(pool.length + block.length);
      next.set(pool);
      next.set(block, pool.length);
      pool = next;
    }
    const out = pool.slice(0, n);
    pool = pool.slice(n);
    return out;
  };
}
