import { jsonNestingDepth, LogFluxError, PROTOCOL, parsePlaintext, utf8Encode } from '@logflux/core';
import { describe, expect, it } from 'vitest';

const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
const errorOf = (text: string | Uint8Array) => {
  try {
    parsePlaintext(typeof text === 'string' ? utf8Encode(text) : text);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('jsonNestingDepth', () => {
  it('counts brackets and braces outside strings only', () => {
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonNestingDepth('{"s":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"s":"a\\"[[[["}')).toBe(1);
    expect(jsonNestingDepth('{"s":"\\\\"}')).toBe(1);
    expect(jsonNestingDepth('"x"')).toBe(0);
  });

  it('is defined for text that is not JSON', () => {
    expect(jsonNestingDepth(']]][[')).toBe(0);
    expect(jsonNestingDepth('[[[')).toBe(3);
    expect(jsonNestingDepth('{"unterminated [[[[')).toBe(1);
  });
});

describe('parsePlaintext', () => {
  it(`accepts exactly ${PROTOCOL.maxPlaintextDepth} levels and refuses one more`, () => {
    expect(parsePlaintext(utf8Encode(nested(128)))).toHaveProperty('a');
    expect(errorOf(nested(129))).toMatchObject({ errorClass: 'plaintext_too_deep' });
  });

  it('refuses a plaintext nested 200,000 deep without overflowing the stack', () => {
    const error = errorOf(nested(200_000));
    expect(error).toBeInstanceOf(LogFluxError);
    expect(error).toMatchObject({ errorClass: 'plaintext_too_deep', message: expect.stringContaining('200000 levels') });
  });

  it('reports depth before JSON syntax, and syntax for shallow text', () => {
    expect(errorOf(`{"a":${'['.repeat(200)}`)).toMatchObject({ errorClass: 'plaintext_too_deep' });
    expect(errorOf('{"a":[1,}')).toMatchObject({ errorClass: 'plaintext_json' });
  });

  it('keeps the UTF-8 and BOM rules ahead of the depth rule, and quotes no plaintext', () => {
    expect(errorOf(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toMatchObject({ errorClass: 'plaintext_json' });
    expect(errorOf(new Uint8Array([0x5b, 0xff]))).toMatchObject({ errorClass: 'plaintext_json' });
    const error = errorOf('{"secret":"hunter2" oops}') as LogFluxError;
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toBeUndefined();
  });
});
