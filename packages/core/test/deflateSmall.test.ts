import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/compression/crc32.js';
import { deflateSmall, gzipSmall, SMALL_INPUT_LIMIT } from '../src/compression/deflateSmall.js';
import { gunzipStrict } from '../src/compression/gzipStrict.js';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

describe('deflateSmall', () => {
  it('round-trips through zlib and the strict decoder for random and repetitive inputs', () => {
    const rnd = lcg(42);
    for (let t = 0; t < 3000; t++) {
      const n = Math.floor(rnd() * (SMALL_INPUT_LIMIT + 1));
      const alphabet = 1 + Math.floor(rnd() * 255);
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        data[i] = rnd() < 0.35 && i > 3 ? (data[i - 1 - Math.floor(rnd() * Math.min(i, 400))] as number) : Math.floor(rnd() * alphabet);
      }
      expect(new Uint8Array(inflateRawSync(deflateSmall(data)))).toEqual(data);
      expect(gunzipStrict(gzipSmall(data, crc32), SMALL_INPUT_LIMIT)).toEqual(data);
    }
    // 3,000 inputs up to 4 KiB through two codecs: ~30 s on an idle 2-core machine, more when loaded.
  }, 180_000);

  it('compresses JSON log entries and long runs', () => {
    const entry = new TextEncoder().encode(
      JSON.stringify({ message: 'GET /api/orders 200', attributes: { route: '/api/orders', user: 'u' }, meta: { release: '1' } }),
    );
    expect(deflateSmall(entry).length).toBeLessThan(entry.length);
    const run = new Uint8Array(4000).fill(97);
    expect(deflateSmall(run).length).toBeLessThan(64);
    expect(new Uint8Array(inflateRawSync(deflateSmall(run)))).toEqual(run);
  });

  it('handles the empty input and refuses inputs over the limit', () => {
    expect(new Uint8Array(inflateRawSync(deflateSmall(new Uint8Array(0))))).toEqual(new Uint8Array(0));
    expect(() => deflateSmall(new Uint8Array(SMALL_INPUT_LIMIT + 1))).toThrow(RangeError);
  });
});
