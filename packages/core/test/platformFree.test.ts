import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('@logflux/core stays runtime-agnostic', () => {
  it('imports no Node built-in and touches no Node or browser global', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      // Code only: comments may name platform APIs when they explain the seams.
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      if (/from ['"](node:|fs|path|os|crypto|zlib|http|https|buffer|stream)['"/]/.test(text)) offenders.push(`${file}: node import`);
      if (/\b(process|Buffer|require|window|document|navigator)\s*[.(]/.test(text)) offenders.push(`${file}: platform global`);
    }
    expect(offenders).toEqual([]);
  });
});
