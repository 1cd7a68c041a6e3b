import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandGlobs, globRegExp } from '../src/files/glob.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-glob-'));
for (const p of ['a.log', 'b.log', 'c.txt', 'x1.log', 'sub/d.log', 'sub/deep/e.log', '.hidden.log']) {
  mkdirSync(join(dir, p, '..'), { recursive: true });
  writeFileSync(join(dir, p), '');
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandGlobs', () => {
  it('expands *, ?, [..] and ** to the regular files that exist', () => {
    expect(expandGlobs([`${dir}/*.log`])).toEqual([`${dir}/a.log`, `${dir}/b.log`, `${dir}/x1.log`]);
    expect(expandGlobs([`${dir}/[ab].log`, `${dir}/x?.log`])).toEqual([`${dir}/a.log`, `${dir}/b.log`, `${dir}/x1.log`]);
    expect(expandGlobs([`${dir}/**/*.log`])).toEqual([
      `${dir}/a.log`,
      `${dir}/b.log`,
      `${dir}/sub/d.log`,
      `${dir}/sub/deep/e.log`,
      `${dir}/x1.log`,
    ]);
    expect(expandGlobs([`${dir}/c.txt`, `${dir}/missing.log`])).toEqual([`${dir}/c.txt`]);
  });

  it('leaves out excluded paths', () => {
    expect(expandGlobs([`${dir}/**/*.log`], [`${dir}/sub/**`])).toEqual([`${dir}/a.log`, `${dir}/b.log`, `${dir}/x1.log`]);
    expect(globRegExp('/var/log/**/*.gz').test('/var/log/a/b/c.gz')).toBe(true);
    expect(globRegExp('/var/log/*.log').test('/var/log/a/b.log')).toBe(false);
  });
});
