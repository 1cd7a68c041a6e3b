import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../src/codec/multipart.js';
import { LogFluxError } from '../src/errors.js';
import { referenceParseMultipart } from './helpers/multipartReference.js';

/**
 * The multipart reader against the byte-by-byte reader it replaced (helpers/multipartReference.ts):
 * on thousands of bodies built from the pieces that matter — delimiters with and without their
 * CRLF, bare CRs and LFs, header lines good and bad, the boundary inside headers and payloads,
 * padding, preambles, bytes above 0x7f — both give the same parts or both refuse.
 */

const B = 'lf-0123abcd';
const PIECES = [
  `\r\n--${B}\r\n`,
  `--${B}\r\n`,
  `--${B}`,
  `--${B}\r\nX-LF-Nonce: n\r\n\r\n`,
  `\r\n--${B}--\r\n`,
  `--${B}--`,
  '\r\n',
  '\r\n\r\n',
  '\r',
  '\n',
  'X-LF-Nonce: abc\r\n',
  'Content-Type:  application/octet-stream \t\r\n',
  'Bad Header: x\r\n',
  ':empty-name\r\n',
  'payload bytes',
  '\u00e9\u00ff\u0080',
  '-',
  '--',
  ' \t',
];

/** A seeded generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodyFrom(next: () => number): Uint8Array {
  let text = next() < 0.7 ? `--${B}\r\nX-LF-Key-ID: k\r\n\r\n` : '';
  const n = 1 + Math.floor(next() * 12);
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  if (next() < 0.7) text += `\r\n--${B}--\r\n`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function outcome(parse: () => ReturnType<typeof parseMultipart>): unknown {
  try {
    const { parts, jsFramingDelimiters } = parse();
    return { parts: parts.map((p) => ({ headers: [...p.headers], body: [...p.body] })), jsFramingDelimiters };
  } catch (error) {
    if (error instanceof LogFluxError) return { error: error.errorClass, message: error.message };
    throw error;
  }
}

describe('parseMultipart against the reference reader', () => {
  for (const compat of [false, true]) {
    it(`agrees on 4,000 generated bodies (compat ${compat})`, () => {
      const next = random(compat ? 2 : 1);
      let parsed = 0;
      let recovered = 0;
      for (let i = 0; i < 4000; i++) {
        const body = bodyFrom(next);
        const ours = outcome(() => parseMultipart(body, B, { compat }));
        expect(ours, JSON.stringify(String.fromCharCode(...body))).toEqual(outcome(() => referenceParseMultipart(body, B, { compat })));
        if (!('error' in (ours as object))) parsed++;
        if (((ours as { jsFramingDelimiters?: number }).jsFramingDelimiters ?? 0) > 0) recovered++;
      }
      // The generator reaches both sides: bodies that parse and bodies that are refused.
      expect(parsed).toBeGreaterThan(200);
      expect(parsed).toBeLessThan(3800);
      // With compat, some of them in the JS SDK 3.0.1 framing (§8.4.1).
      if (compat) expect(recovered).toBeGreaterThan(20);
      else expect(recovered).toBe(0);
    });
  }
});
