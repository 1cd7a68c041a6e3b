import { multipartBoundary, multipartPartEnvelope, parseMultipart, utf8Encode } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const B = '0123456789abcdef0123456789abcdef';
const headers = (n: number) =>
  `Content-Type: application/octet-stream\r\nX-LF-Entry-Type: 1\r\nX-LF-Payload-Type: 1\r\nX-LF-Key-ID: k\r\nX-LF-Nonce: AAECAwQFBgcICQoL\r\nX-LF-Timestamp: t${n}\r\n\r\n`;
const body = (n: number) => `payload number ${n} with -- dashes and \r\n line breaks`;
const rfc = (n: number) => `${Array.from({ length: n }, (_, i) => `--${B}\r\n${headers(i)}${body(i)}`).join('\r\n')}\r\n--${B}--\r\n`;
const js = (n: number) => `${Array.from({ length: n }, (_, i) => `--${B}\r\n${headers(i)}${body(i)}`).join('')}\r\n--${B}--\r\n`;
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('multipartBoundary', () => {
  it('takes a valid boundary from multipart/mixed only', () => {
    expect(multipartBoundary(`multipart/mixed; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('Multipart/Mixed; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('multipart/form-data; boundary=x')).toBeUndefined();
    expect(multipartBoundary('multipart/mixed')).toBeUndefined();
    expect(multipartBoundary(`multipart/mixed; boundary=${'x'.repeat(71)}`)).toBeUndefined();
  });
});

describe('parseMultipart', () => {
  it('splits RFC 2046 framing the same with and without compat', () => {
    for (const compat of [false, true]) {
      const parsed = parseMultipart(utf8Encode(rfc(3)), B, { compat });
      expect(parsed.jsFramingDelimiters).toBe(0);
      expect(parsed.parts.map((p) => text(p.body))).toEqual([body(0), body(1), body(2)]);
      expect(parsed.parts[2]?.headers.get('x-lf-timestamp')).toBe('t2');
    }
  });

  it('recovers the JS SDK 3.0.1 framing only with compat, and never returns a part holding the boundary', () => {
    expect(() => parseMultipart(utf8Encode(js(3)), B)).toThrow(expect.objectContaining({ errorClass: 'multipart_framing' }));
    const parsed = parseMultipart(utf8Encode(js(3)), B, { compat: true });
    expect(parsed.jsFramingDelimiters).toBe(2);
    expect(parsed.parts.map((p) => text(p.body))).toEqual([body(0), body(1), body(2)]);
    expect(parsed.parts.map((p) => p.headers.get('x-lf-timestamp'))).toEqual(['t0', 't1', 't2']);
    const one = parseMultipart(utf8Encode(js(1)), B, { compat: true });
    expect(one).toMatchObject({ jsFramingDelimiters: 0, parts: [{ body: utf8Encode(body(0)) }] });
  });

  it('ignores a preamble, an epilogue and transport padding', () => {
    const parsed = parseMultipart(utf8Encode(`preamble\r\n${rfc(2).replace(`--${B}\r\n`, `--${B} \t\r\n`)}epilogue`), B);
    expect(parsed.parts).toHaveLength(2);
  });

  const bad: [string, string][] = [
    ['no delimiter at all', 'just bytes'],
    ['no closing delimiter', `--${B}\r\n${headers(0)}${body(0)}`],
    ['a delimiter line not ended by CRLF', `--${B}x\r\n${headers(0)}${body(0)}\r\n--${B}--\r\n`],
    ['unterminated part headers', `--${B}\r\nContent-Type: a\r\n--${B}--\r\n`],
    ['a header line without a colon', `--${B}\r\nbogus\r\n\r\nx\r\n--${B}--\r\n`],
    ['the boundary inside a body, not followed by CRLF', `--${B}\r\n${headers(0)}ab--${B}cd\r\n--${B}--\r\n`],
    ['the boundary and CRLF, but no header section after it', `--${B}\r\n${headers(0)}ab--${B}\r\nno end\r\n--${B}--\r\n`],
    ['a bare close delimiter inside a body', `--${B}\r\n${headers(0)}ab--${B}--\r\n\r\n--${B}--\r\n`],
    ['the boundary inside a header value', `--${B}\r\nX-A: --${B}\r\n\r\nab\r\n--${B}--\r\n`],
  ];
  for (const [what, input] of bad) {
    it(`refuses ${what} with multipart_framing`, () => {
      for (const compat of [false, true]) {
        expect(() => parseMultipart(utf8Encode(input), B, { compat })).toThrow(
          expect.objectContaining({ errorClass: 'multipart_framing' }),
        );
      }
    });
  }
});

describe('multipartPartEnvelope', () => {
  const part = (h: Record<string, string>, bytes = 16) => ({ headers: new Map(Object.entries(h)), body: new Uint8Array(bytes) });
  const good = {
    'x-lf-payload-type': '1',
    'x-lf-entry-type': '4',
    'x-lf-key-id': 'k',
    'x-lf-nonce': 'AAECAwQFBgcICQoL',
    'x-lf-timestamp': 't',
  };

  it('maps the part headers onto the envelope fields', () => {
    expect(multipartPartEnvelope(part(good))).toEqual({
      timestamp: 't',
      entry_type: 4,
      payload_type: 1,
      payload: 'AAAAAAAAAAAAAAAAAAAAAA==',
      nonce: 'AAECAwQFBgcICQoL',
      key_id: 'k',
    });
  });

  it('checks them in the order of §7 steps 2 to 5', () => {
    const classOf = (h: Record<string, string>, bytes?: number) => {
      try {
        multipartPartEnvelope(part(h, bytes));
      } catch (error) {
        return (error as { errorClass: string }).errorClass;
      }
      return 'valid';
    };
    expect(classOf({ ...good, 'x-lf-payload-type': '01' })).toBe('field_type');
    expect(classOf({ ...good, 'x-lf-key-id': '' })).toBe('field_type');
    expect(classOf({ ...good, 'x-lf-entry-type': '8', 'x-lf-payload-type': '3' })).toBe('field_type');
    expect(classOf({ ...good, 'x-lf-payload-type': '3', 'x-lf-nonce': '!' })).toBe('unknown_payload_type');
    expect(classOf({ ...good, 'x-lf-nonce': 'AAEC' })).toBe('nonce_length');
    expect(classOf(good, 15)).toBe('auth');
    expect(classOf(good, 1_048_577)).toBe('size_limit');
  });
});
