import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fflateGzip, gunzipStrict, LogFluxError, OutputSinkForTests } from './helpers/internals.js';

function sample(n: number, seed: number): Uint8Array {
  // Mixed text and noise so every block type and code shape appears across sizes.
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 7 === 0 ? x >>> 24 : 97 + ((i >> 3) % 26);
  }
  return out;
}

describe('gunzipStrict', () => {
  it('decodes what node:zlib writes, at every level', () => {
    for (const level of [0, 1, 6, 9]) {
      for (const n of [0, 1, 100, 5000, 70_000]) {
        const data = sample(n, level + n);
        expect(gunzipStrict(gzipSync(data, { level }), 1 << 20)).toEqual(data);
      }
    }
  });

  it('round-trips the fflate provider and writes MTIME 0', async () => {
    const data = sample(3000, 5);
    const gz = await fflateGzip.compress(data);
    expect(Array.from(gz.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(await fflateGzip.decompress(gz, 1 << 20)).toEqual(data);
  });

  it('never grows its output buffer past the limit', () => {
    const sink = new OutputSinkForTests(1000, 64);
    sink.write(new Uint8Array(1000));
    expect(sink.buf.length).toBe(1000);
    expect(() => sink.write(new Uint8Array(1))).toThrow(expect.objectContaining({ errorClass: 'size_limit' }));
    expect(sink.buf.length).toBe(1000);
  });

  it('stops a bomb with size_limit', () => {
    const bomb = gzipSync(new Uint8Array(32 << 20));
    expect(() => gunzipStrict(bomb, 1 << 20)).toThrow(LogFluxError);
    expect(() => gunzipStrict(bomb, 1 << 20)).toThrow(expect.objectContaining({ errorClass: 'size_limit' }));
  });
});
