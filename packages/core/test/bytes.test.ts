import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { indexOfBytes } from '../src/bytes.js';

describe('indexOfBytes', () => {
  it('finds what Buffer#indexOf finds, from any start and with any anchor', () => {
    for (let round = 0; round < 300; round++) {
      // A small alphabet, so that needles occur, partly overlap and nearly match.
      const hay = Buffer.from(randomBytes(200 + (round % 50)).map((b) => 0x61 + (b % 3)));
      const at = round % hay.length;
      const needle = hay.subarray(at, at + 1 + (round % 7));
      const from = round % 3 === 0 ? 0 : round % 40;
      const expected = hay.indexOf(needle, from);
      for (let anchor = 0; anchor < needle.length; anchor++) {
        expect(indexOfBytes(new Uint8Array(hay), new Uint8Array(needle), from, anchor)).toBe(expected);
      }
    }
  });

  it('is -1 for a needle longer than what is left, or absent', () => {
    const hay = new Uint8Array([1, 2, 3, 4]);
    expect(indexOfBytes(hay, new Uint8Array([3, 4, 5]), 0, 2)).toBe(-1);
    expect(indexOfBytes(hay, new Uint8Array([2, 3]), 2)).toBe(-1);
    expect(indexOfBytes(hay, new Uint8Array([9]))).toBe(-1);
    expect(indexOfBytes(hay, new Uint8Array([3, 4]), 1, 1)).toBe(2);
  });
});
