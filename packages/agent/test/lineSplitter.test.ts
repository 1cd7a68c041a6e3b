import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../src/inputs/lineSplitter.js';

function split(chunks: (string | Buffer)[], max = 100, start = 0) {
  const out: [string, boolean, number][] = [];
  const s = new LineSplitter(max, (t, tr, end) => out.push([t, tr, end]), start);
  for (const c of chunks) s.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return { out, s };
}

describe('LineSplitter', () => {
  it('splits at \\n, drops a \\r before it, and reports the offset past each newline', () => {
    expect(split(['a\r\nbb\n', '\nccc\n'], 100, 10).out).toEqual([
      ['a', false, 13],
      ['bb', false, 16],
      ['', false, 17],
      ['ccc', false, 21],
    ]);
  });

  it('joins a line across pushes even when the caller reuses its buffer', () => {
    const out: string[] = [];
    const s = new LineSplitter(100, (t) => out.push(t));
    const buf = Buffer.from('hel');
    s.push(buf);
    buf.write('XYZ');
    s.push(Buffer.from('lo\n'));
    expect(out).toEqual(['hello']);
  });

  it('keeps a line of exactly the cap whole and cuts one byte more, in one push or across pushes', () => {
    expect(split(['12345678\n123456789\n'], 8).out).toEqual([
      ['12345678', false, 9],
      ['12345678', true, 19],
    ]);
    // The cap counts a \r before the newline, in one push as across pushes.
    expect(split(['1234', '5678\r\n', '1234567\r\n'], 8).out).toEqual([
      ['12345678', true, 10],
      ['1234567', false, 19],
    ]);
    expect(split(['12345678\r\n1234567\r\n'], 8).out).toEqual([
      ['12345678', true, 10],
      ['1234567', false, 19],
    ]);
  });

  it('cuts a line at the cap, marks it truncated and skips the rest of it', () => {
    const { out } = split(['0123456789abc', 'def\nnext\n'], 8);
    expect(out).toEqual([
      ['01234567', true, 17],
      ['next', false, 22],
    ]);
  });

  it('decodes UTF-8 split between pushes, and end() emits a last line without newline', () => {
    const euro = Buffer.from('€\n');
    const { out, s } = split([euro.subarray(0, 1), euro.subarray(1), 'tail']);
    expect(s.partial).toBe(true);
    s.end();
    expect(out.map((o) => o[0])).toEqual(['€', 'tail']);
  });
});
