import { framedBytes, multipartPart, requestBody, type SealedPieces, splitBySize } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const random = (n: number) => new Uint8Array(n).fill(7);

describe('request bodies: size accounting and splitting', () => {
  it('predicts the exact body size of both formats', () => {
    const json: SealedPieces = { format: 'json', pieces: ['{"x":1}', '{"yy":22}', '{}'] };
    expect(
      framedBytes(
        'json',
        json.pieces.map((p) => p.length),
      ),
    ).toBe((requestBody(json, random).body as string).length);
    const parts = [1, 300, 5].map((n) => multipartPart('2026-01-01T00:00:00.000Z', 1, 1, 'k', 'AAAAAAAAAAAAAAAA', new Uint8Array(n)));
    expect(
      framedBytes(
        'multipart',
        parts.map((p) => p.length),
      ),
    ).toBe((requestBody({ format: 'multipart', pieces: parts }, random).body as Uint8Array).length);
  });

  it('cuts runs whose bodies stay within the limit; an oversized piece stands alone', () => {
    const pieces = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(200), 'd'.repeat(10)];
    const runs = splitBySize([1, 2, 3, 4], pieces, 'json', 100);
    expect(runs.map((r) => r.items)).toEqual([[1, 2], [3], [4]]);
    for (const r of runs.filter((r) => r.items.length > 1))
      expect(
        framedBytes(
          'json',
          r.pieces.map((p) => p.length),
        ),
      ).toBeLessThanOrEqual(100);
    expect(splitBySize([], [], 'json', 100)).toEqual([]);
  });
});
