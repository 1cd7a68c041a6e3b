import { closeSync, fstatSync, openSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fingerprintFd } from './identity.js';
import type { FileStateRecord } from './stateStore.js';

const COMPRESSED = /\.(gz|bz2|xz|zst|lz4|zip|Z)$/;

/**
 * Rotated versions of a file sit beside it: `<name>.1`, `<name>-20261201`, `<name>_old` …
 * (compressed ones cannot be read and are skipped). Newest first.
 */
function siblingsOf(path: string): string[] {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { path: string; mtime: number }[] = [];
  for (const name of names) {
    if (name === base || !name.startsWith(base) || !/^[.\-_]/.test(name.slice(base.length)) || COMPRESSED.test(name)) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile()) out.push({ path: join(dir, name), mtime: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => b.mtime - a.mtime).map((c) => c.path);
}

/**
 * The file beside the record's configured path that holds its content now: the same dev+inode
 * (renamed), or else a file that starts with the same fingerprinted bytes and is at least
 * `minSize` long (a copytruncate copy); with `copyOnly`, only a copy. Files whose dev:inode is
 * in `taken` are followed already. Returns an open descriptor.
 */
export function findSibling(
  record: FileStateRecord,
  minSize: number,
  taken: Set<string>,
  copyOnly = false,
): { path: string; fd: number } | undefined {
  let copy: { path: string; fd: number } | undefined;
  for (const path of siblingsOf(record.origin ?? record.path)) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      continue;
    }
    const st = fstatSync(fd);
    const key = `${st.dev}:${st.ino}`;
    const starts = st.size >= record.fpLen && fingerprintFd(fd, record.fpLen).hash === record.fp;
    if (!taken.has(key) && starts) {
      if (!copyOnly && st.dev === record.dev && st.ino === record.ino) {
        if (copy) closeSync(copy.fd);
        return { path, fd };
      }
      if (!copy && record.fpLen > 0 && st.size >= minSize) {
        copy = { path, fd };
        continue;
      }
    }
    closeSync(fd);
  }
  return copy;
}
