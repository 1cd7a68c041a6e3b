import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

function stream(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  s.isTTY = tty;
  s.columns = 200;
  let out = '';
  s.on('data', (d) => {
    out += d;
  });
  return { s, out: () => out };
}

describe('Progress', () => {
  it('stays quiet when the stream is not a terminal', () => {
    const { s, out } = stream(false);
    const p = new Progress(s);
    p.update({ fetched: 10, decrypted: 10, written: 10, failed: 0 });
    p.done();
    expect(out()).toBe('');
  });

  it('draws counts, rate and an ETA on a terminal, then clears the line', () => {
    const { s, out } = stream(true);
    const p = new Progress(s);
    p.update({ fetched: 2000, decrypted: 1990, written: 1990, failed: 10, fraction: 0.5 });
    p.done();
    const clear = '\r\u001b[2K';
    const text = out();
    expect(text.startsWith(clear) && text.endsWith(clear)).toBe(true);
    expect(text.slice(clear.length, -clear.length)).toMatch(
      /^\[##########\.{10}\] 2,000 fetched, 1,990 decrypted, 1,990 written, 10 failed · [\d,]+\/s ETA ~\S+$/,
    );
  });

  it('formats a line without a known total', () => {
    const p = new Progress(new PassThrough(), false);
    expect(p.line({ fetched: 5, decrypted: 5, written: 0, failed: 0 }, performance.now() + 1000)).toMatch(
      /^5 fetched, 5 decrypted, 0 written · \d+\/s$/,
    );
  });
});
