import { base64DecodeStrict, base64Encode, LogFluxError } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 255);

describe('base64Encode', () => {
  it('matches the standard encoding for every length up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const b = bytes(n, n);
      expect(base64Encode(b)).toBe(Buffer.from(b).toString('base64'));
    }
  });

  it('handles inputs larger than one internal chunk', () => {
    const b = bytes(100_003);
    expect(base64Encode(b)).toBe(Buffer.from(b).toString('base64'));
  });
});

describe('base64DecodeStrict', () => {
  it('round-trips every length up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const b = bytes(n, n + 3);
      expect(base64DecodeStrict(Buffer.from(b).toString('base64'))).toEqual(b);
    }
  });

  const rejects = {
    'URL-safe characters': 'ab-_',
    'missing padding': 'QQ',
    'a space': 'QU JD',
    'a line break': 'QUJD\nREVG',
    'padding in the middle': 'QQ==QUJD',
    'three padding characters': 'Q===',
    'a single padding character too many': 'QUI==',
    'non-zero bits before ==': 'QR==',
    'non-zero bits before =': 'QUJ=',
    'a non-ASCII character': 'QUJé',
  };
  for (const [what, text] of Object.entries(rejects)) {
    it(`rejects ${what} with error class base64`, () => {
      expect(() => base64DecodeStrict(text, 'payload')).toThrow(LogFluxError);
      try {
        base64DecodeStrict(text, 'payload');
      } catch (error) {
        expect((error as LogFluxError).errorClass).toBe('base64');
        expect((error as Error).message).toContain('payload');
        expect((error as Error).message).not.toContain(text);
      }
    });
  }

  it('accepts exactly the canonical texts (those that re-encode to themselves), over random short texts', () => {
    const chars = 'AQgwBRhx09+/=-_ é';
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      const len = random() % 13;
      let text = '';
      for (let i = 0; i < len; i++) text += chars[random() % chars.length];
      const canonical = Buffer.from(text, 'base64').toString('base64') === text;
      let decoded: Uint8Array | undefined;
      try {
        decoded = base64DecodeStrict(text);
      } catch (error) {
        expect((error as LogFluxError).errorClass).toBe('base64');
      }
      expect(decoded !== undefined).toBe(canonical);
      if (decoded) {
        accepted++;
        expect(decoded).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(decoded).toString('base64')).toBe(text);
      }
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
