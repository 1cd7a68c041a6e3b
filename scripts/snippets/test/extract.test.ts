import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the test scripts, without types
import { collectSnippets, fencedBlocks, importedPackages, needsMarker, parseMarker } from '../extract.mjs';

const ROOT = new URL('../../..', import.meta.url).pathname;

describe('snippet markers', () => {
  it('parses run, browser, fragment and skip markers, and refuses incomplete ones', () => {
    expect(parseMarker(' run esm file=app.mjs expect="a; b{k=v}" ')).toEqual({
      kind: 'run',
      mode: 'esm',
      file: 'app.mjs',
      expect: 'a; b{k=v}',
    });
    expect(parseMarker('run cjs expect=""')).toEqual({ kind: 'run', mode: 'cjs', file: undefined, expect: '' });
    expect(parseMarker('run python expect=""').kind).toBe('invalid');
    expect(parseMarker('run esm').kind).toBe('invalid');
    expect(parseMarker('fragment — placeholders')).toEqual({ kind: 'fragment', reason: 'placeholders' });
    expect(parseMarker('skip')).toMatchObject({ kind: 'invalid' });
    expect(parseMarker('browser expect="x" — in Chromium')).toEqual({ kind: 'browser', reason: 'in Chromium', expect: 'x' });
    expect(parseMarker('browser — no expect').kind).toBe('invalid');
    expect(parseMarker('whatever').kind).toBe('invalid');
  });

  it('finds fenced blocks with the marker right before them, blank lines allowed', () => {
    const md = [
      'text',
      '<!-- snippet: run esm expect="x" -->',
      '',
      '```js',
      "import { a } from '@logflux/node';",
      '```',
      '```sh',
      'ls',
      '```',
    ].join('\n');
    const blocks = fencedBlocks(md);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ line: 4, lang: 'js', marker: { kind: 'run', mode: 'esm' } });
    expect(blocks[0].code).toBe("import { a } from '@logflux/node';\n");
    expect(blocks[1].marker).toBeUndefined();
    expect(needsMarker(blocks[0])).toBe(true);
    expect(needsMarker(blocks[1])).toBe(false);
  });

  it('names the packages a snippet imports, without built-ins and relative paths', () => {
    const code =
      "import x from 'node:fs';\nimport p from 'path';\nimport { a } from '@logflux/loggers/bunyan';\nconst w = require('winston');\nimport './local.js';\nimport('@scope/pkg/sub');";
    expect(importedPackages(code).sort()).toEqual(['@logflux/loggers', '@scope/pkg', 'winston']);
  });

  it('every @logflux code block of the documentation has a valid marker', () => {
    const { snippets, problems } = collectSnippets(ROOT);
    expect(problems).toEqual([]);
    expect(snippets.filter((s: { marker: { kind: string } }) => s.marker.kind === 'run').length).toBeGreaterThan(20);
  });
});
