import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

const MAGIC = /[*?[]/;

/** A glob segment (`*`, `?`, `[abc]`, `[!a-z]`) as a regular expression; `*` never matches `/`. */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A whole-path glob (with `**` for any number of directories) as a regular expression. */
export function globRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  let re = '';
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '**') re += last ? '.*' : '(?:[^/]*/)*';
    else re += segmentRegExp(s).source.slice(1, -1) + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function expand(dir: string, segments: string[], out: Set<string>): void {
  if (segments.length === 0) {
    if (isFile(dir)) out.add(dir);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    expand(dir, rest, out);
    for (const name of safeReaddir(dir)) if (isDir(join(dir, name))) expand(join(dir, name), segments, out);
    return;
  }
  if (!MAGIC.test(head)) {
    expand(join(dir, head), rest, out);
    return;
  }
  const re = segmentRegExp(head);
  for (const name of safeReaddir(dir)) if (re.test(name) && !name.startsWith('.')) expand(join(dir, name), rest, out);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The regular files an absolute path or glob names now, minus those matching an `exclude` glob. */
export function expandGlobs(patterns: string[], exclude: string[] = []): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const segments = pattern.split(sep).filter((s) => s !== '');
    expand(sep, segments, out);
  }
  const excluded = exclude.map(globRegExp);
  return [...out].filter((p) => !excluded.some((re) => re.test(p))).sort();
}
