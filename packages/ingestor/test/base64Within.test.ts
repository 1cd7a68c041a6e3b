import { describe, expect, it } from 'vitest';
import { base64Within } from '../src/validate.js';

describe('base64Within', () => {
  const body = Buffer.from('--lf-x\r\n\x00\x01\x02payload\xff\xfe\r\n--lf-x--\r\n', 'latin1');
  const view = new Uint8Array(body.buffer, body.byteOffset, body.length);

  it('encodes a view into the request body as the bytes it shows', () => {
    const encode = base64Within(body);
    for (const [from, to] of [
      [8, 21],
      [0, body.length],
      [10, 10],
      [body.length - 1, body.length],
    ] as const) {
      const part = view.subarray(from, to);
      expect(encode(part)).toBe(Buffer.from(part).toString('base64'));
    }
  });

  it('encodes bytes that are not inside the body (another buffer, or another slice of the same pool)', () => {
    const encode = base64Within(body.subarray(8, 12));
    const outside = view.subarray(14, 20); // same memory, outside the given body
    expect(encode(outside)).toBe(Buffer.from(outside).toString('base64'));
    const elsewhere = new Uint8Array([1, 2, 3, 250]);
    expect(encode(elsewhere)).toBe('AQID+g==');
  });
});
