import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** A file's first bytes: how many, and their SHA-256 (hex). */
export interface Fingerprint {
  len: number;
  hash: string;
}

/** Reads up to `max` bytes from the start of the open file `fd`. */
function head(fd: number, max: number): Buffer {
  const buf = Buffer.alloc(max);
  let n = 0;
  while (n < max) {
    const got = readSync(fd, buf, n, max - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/** The fingerprint of the first `min(size, max)` bytes of an open file. */
export function fingerprintFd(fd: number, max: number): Fingerprint {
  const bytes = head(fd, max);
  return { len: bytes.length, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** The fingerprint of a path's first bytes, or undefined if it cannot be read. */
export function fingerprintPath(path: string, max: number): Fingerprint | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return fingerprintFd(fd, max);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether the file at `path` still starts with the bytes `fp` describes (false if it is shorter now). */
export function startsWith(path: string, fp: Fingerprint): boolean {
  const now = fingerprintPath(path, fp.len);
  return now !== undefined && now.len === fp.len && now.hash === fp.hash;
}

/** The key of a chunk: the same agent, file and byte range always give the same key (16-128 of [A-Za-z0-9_-]). */
export function chunkKey(agentId: string, fileId: string, start: number, end: number): string {
  return createHash('sha256').update(`${agentId}\0${fileId}\0${start}\0${end}`).digest('base64url').slice(0, 32);
}
