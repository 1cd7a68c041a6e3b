import { pooledRandom, webRandom } from '@logflux/core';
import { describe, expect, it } from 'vitest';

describe('random sources', () => {
  it('webRandom fills requests larger than one getRandomValues call', () => {
    const big = webRandom(200_000);
    expect(big).toHaveLength(200_000);
    expect(big.subarray(150_000).some((v) => v !== 0)).toBe(true);
  });

  it('pooledRandom serves distinct values and refills from its source', () => {
    let calls = 0;
    const pool = pooledRandom((n) => {
      calls++;
      return webRandom(n);
    }, 120);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(Buffer.from(pool(12)).toString('hex'));
    expect(seen.size).toBe(50);
    expect(calls).toBe(5);
    expect(pool(500)).toHaveLength(500);
  });
});
