import { describe, expect, it } from 'vitest';
import { SyslogFramer } from '../src/inputs/syslogFraming.js';

function frame(mode: 'auto' | 'octet_counting' | 'newline', chunks: string[], max = 1000): [string, boolean][] {
  const out: [string, boolean][] = [];
  const f = new SyslogFramer(mode, max, (t, tr) => out.push([t, tr]));
  for (const c of chunks) f.push(Buffer.from(c));
  f.end();
  return out;
}

describe('SyslogFramer (RFC 6587)', () => {
  it('reads octet-counted messages split anywhere, including inside the count', () => {
    const a = '<13>1 - h app - - - one';
    const b = '<13>1 - h app - - - two\nwith newline';
    const stream = `${Buffer.byteLength(a)} ${a}${Buffer.byteLength(b)} ${b}`;
    expect(frame('auto', [stream.slice(0, 1), stream.slice(1, 30), stream.slice(30)])).toEqual([
      [a, false],
      [b, false],
    ]);
  });

  it('reads newline-terminated messages, and mixes both in auto mode', () => {
    expect(frame('auto', ['<13>Dec  1 10:00:00 h a: x\r\n<14>Dec  1 10:00:01 h a: y\n', '6 <1>1 z'])).toEqual([
      ['<13>Dec  1 10:00:00 h a: x', false],
      ['<14>Dec  1 10:00:01 h a: y', false],
      ['<1>1 z', false],
    ]);
    expect(frame('newline', ['12 looks like a count\n'])).toEqual([['12 looks like a count', false]]);
  });

  it('cuts oversized messages, skips their rest and carries on', () => {
    const big = 'x'.repeat(50);
    expect(frame('auto', [`50 ${big}`, '3 abc'], 10)).toEqual([
      ['x'.repeat(10), true],
      ['abc', false],
    ]);
    expect(frame('newline', [`${big}\nok\n`], 10)).toEqual([
      ['x'.repeat(10), true],
      ['ok', false],
    ]);
  });

  it('falls back to a line when a count is malformed, so the stream never stalls', () => {
    expect(frame('auto', ['12x <13>oops\n5 hello'])).toEqual([
      ['12x <13>oops', false],
      ['hello', false],
    ]);
  });
});
