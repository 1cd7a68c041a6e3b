// Shared helpers of the packaging checks: which packages are published, packing them, reading a
// tarball, and the per-check tally that ends in "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The export condition that points at TypeScript sources inside the repository only. */
export const DEV_CONDITION = 'logflux-src';

/**
 * Every published package: each `packages/<dir>/package.json` that is not `private`, sorted by
 * directory. New packages are picked up without any list to update.
 */
export function publishedPackages() {
  const dir = join(ROOT, 'packages');
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.private === true) continue;
    out.push({ dir: name, path: join(dir, name), name: manifest.name, version: manifest.version, manifest });
  }
  return out;
}

/** `@logflux/core` → `core`. */
export function unscoped(name) {
  return name.replace(/^@[^/]+\//, '');
}

/** The last `n` lines of a text. */
export function lastLines(text, n = 40) {
  const all = text.trimEnd().split('\n');
  return all.length > n ? [`… (${all.length - n} lines before)`, ...all.slice(-n)] : all;
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { status: r.error ? 127 : r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** Counts results and prints one line per result; `summary()` prints the closing line. */
export class Tally {
  passed = 0;
  failed = 0;

  ok(subject, detail = '') {
    this.passed++;
    console.log(`ok    ${subject}${detail ? `: ${detail}` : ''}`);
  }

  /** `detail`: lines printed indented under the problems (a diff, a command's output). */
  fail(subject, problems, detail = []) {
    this.failed++;
    const list = Array.isArray(problems) ? problems : [problems];
    if (list.length === 1) console.log(`FAIL  ${subject}: ${list[0]}`);
    else {
      console.log(`FAIL  ${subject}: ${list.length} problems`);
      for (const p of list) console.log(`        - ${p}`);
    }
    for (const line of detail) console.log(`        ${line}`);
  }

  note(text) {
    console.log(`      ${text}`);
  }

  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}

/**
 * Packs every published package with `pnpm pack` (so workspace: ranges are rewritten and the
 * .pnpmfile.cjs beforePacking hook runs, exactly as `pnpm publish` would) into `dest`, and writes
 * `dest/packs.json`: [{ name, dir, version, tarball }]. Returns that list.
 */
export function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  const packs = [];
  for (const pkg of publishedPackages()) {
    const r = run('pnpm', ['pack', '--pack-destination', dest, '--json'], { cwd: pkg.path });
    if (r.status !== 0) throw new Error(`pnpm pack failed in packages/${pkg.dir}:\n${r.stdout}${r.stderr}`);
    const filename = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))).filename;
    packs.push({ name: pkg.name, dir: pkg.dir, version: pkg.version, tarball: resolve(dest, basename(filename)) });
  }
  writeFileSync(join(dest, 'packs.json'), `${JSON.stringify(packs, null, 2)}\n`);
  return packs;
}

/** The tarballs of an earlier packAll into `dir`, or undefined. */
export function readPacks(dir) {
  const file = join(dir, 'packs.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * The files of an npm tarball: Map of path (without the leading `package/`) → { data, mode }.
 * Plain ustar with the pax extended headers npm and pnpm write for long names.
 */
export function readTarball(file) {
  const buf = gunzipSync(readFileSync(file));
  const files = new Map();
  let offset = 0;
  let paxPath;
  const text = (start, length) => {
    const raw = buf.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
  };
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const mode = Number.parseInt(text(offset + 100, 8).trim() || '0', 8);
    const prefix = text(offset + 345, 155);
    const name = prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100);
    const data = buf.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      paxPath = m?.[1];
      continue;
    }
    if (type === 'g') continue;
    const path = (paxPath ?? name).replace(/^[^/]+\//, '');
    paxPath = undefined;
    if (type === '0' || type === '\0') files.set(path, { data: Buffer.from(data), mode });
  }
  return files;
}

/** Every string leaf of an exports/imports value, with its path of keys. */
export function exportTargets(value, path = []) {
  if (typeof value === 'string') return [{ path, target: value }];
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => exportTargets(v, [...path, String(i)]));
  return Object.entries(value).flatMap(([k, v]) => exportTargets(v, [...path, k]));
}

/** Command-line flags: --name=value and --flag; the rest are positional. */
export function parseArgs(argv) {
  const flags = {};
  const positional = [];
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]] = m[2] ?? true;
    else positional.push(a);
  }
  return { flags, positional };
}
