// Finds the code snippets of the documentation and what their markers say about them.
//
// A snippet is a fenced code block; its marker is an HTML comment on the line right before the
// fence (blank lines between are allowed), invisible in the rendered page:
//
//   <!-- snippet: run esm expect="invoice created{invoice=INV-2001}; queue.depth" -->
//   <!-- snippet: run cjs file=app.cjs expect="…" -->
//   <!-- snippet: browser — why and where it runs -->
//   <!-- snippet: fragment — why it is not a whole program -->
//   <!-- snippet: skip — the bug that keeps it from running, to be fixed -->
//
// `run esm|cjs|ts` snippets are run as written (docs/releasing.md, "Documentation snippets").
// Every JavaScript or TypeScript block that imports a @logflux package must carry a marker, so a
// new snippet is either run or says why not.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const CODE_LANGS = new Set(['js', 'mjs', 'cjs', 'javascript', 'ts', 'mts', 'cts', 'typescript']);
const MODES = new Set(['esm', 'cjs', 'ts']);

/** The markdown files whose snippets are checked: README.md, docs/*.md, packages/*\/README.md. */
export function documentationFiles(root) {
  const files = [join(root, 'README.md')];
  for (const f of readdirSync(join(root, 'docs')).sort()) if (f.endsWith('.md')) files.push(join(root, 'docs', f));
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    try {
      readFileSync(join(root, 'packages', dir, 'README.md'));
      files.push(join(root, 'packages', dir, 'README.md'));
    } catch {
      // a directory without a README
    }
  }
  return files;
}

/** `key=value` and `key="value with spaces"` pairs of a marker's text. */
function attributes(text) {
  const out = {};
  for (const m of text.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

/**
 * Parses a marker's text (what follows `snippet:`). Returns `{ kind, mode?, file?, expect?, reason? }`
 * or `{ kind: 'invalid', reason }`.
 */
export function parseMarker(text) {
  const body = text.trim();
  const word = /^(\w+)/.exec(body)?.[1];
  if (word === 'run') {
    const mode = /^run\s+(\w+)/.exec(body)?.[1];
    if (!MODES.has(mode)) return { kind: 'invalid', reason: `run needs a mode (esm, cjs or ts), got ${mode ?? 'none'}` };
    const attrs = attributes(body.slice(`run ${mode}`.length));
    if (attrs.expect === undefined) return { kind: 'invalid', reason: 'run needs expect="…" (the entries it logs; expect="" for none)' };
    return { kind: 'run', mode, file: attrs.file, expect: attrs.expect };
  }
  if (word === 'browser' || word === 'fragment' || word === 'skip') {
    const rest = body.slice(word.length);
    const { expect } = attributes(rest);
    const reason = rest
      .replace(/\w+=(?:"[^"]*"|\S+)/g, '')
      .replace(/^\s*[—:-]\s*/, '')
      .trim();
    if (reason === '') return { kind: 'invalid', reason: `${word} needs a reason after it` };
    if (word === 'browser' && expect === undefined)
      return { kind: 'invalid', reason: 'browser needs expect="…" (the entries the page logs)' };
    return { kind: word, reason, ...(expect !== undefined ? { expect } : {}) };
  }
  return { kind: 'invalid', reason: `unknown marker "${body}"` };
}

/**
 * Every fenced block of a markdown text: `{ line, lang, code, marker? }` (line: 1-based line of
 * the opening fence; marker: the parsed marker of the comment right before it).
 */
export function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) body.push(lines[j++]);
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const comment = k >= 0 ? /^\s*<!--\s*snippet:([\s\S]*?)-->\s*$/.exec(lines[k]) : null;
    blocks.push({
      line: i + 1,
      lang: open[3].toLowerCase(),
      code: `${body.join('\n')}\n`,
      ...(comment ? { marker: parseMarker(comment[1]) } : {}),
    });
    i = j;
  }
  return blocks;
}

/** Whether a block is code that needs a marker: JavaScript or TypeScript importing a @logflux package. */
export function needsMarker(block) {
  return CODE_LANGS.has(block.lang) && /(?:from\s+|require\(\s*|import\(\s*)['"]@logflux\//.test(block.code);
}

/**
 * The snippets of the documentation: `{ file (relative to root), line, lang, code, marker }` for
 * every marked block, and `problems` for blocks that need a marker and have none or a bad one.
 */
export function collectSnippets(root, files = documentationFiles(root)) {
  const snippets = [];
  const problems = [];
  for (const path of files) {
    const file = relative(root, path);
    for (const block of fencedBlocks(readFileSync(path, 'utf8'))) {
      const where = `${file}:${block.line}`;
      if (block.marker?.kind === 'invalid') problems.push(`${where}: ${block.marker.reason}`);
      else if (block.marker) snippets.push({ file, ...block, id: where });
      else if (needsMarker(block)) problems.push(`${where}: a ${block.lang} block importing @logflux has no <!-- snippet: … --> marker`);
    }
  }
  return { snippets, problems };
}

/** Package names a snippet imports or requires (not node: built-ins, not relative paths). */
export function importedPackages(code) {
  const names = new Set();
  for (const m of code.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
    const spec = m[1];
    if (spec.startsWith('node:') || spec.startsWith('.') || spec.startsWith('/') || builtinModules.includes(spec)) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names];
}
