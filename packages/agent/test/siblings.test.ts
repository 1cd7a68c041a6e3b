import { closeSync, copyFileSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSibling } from '../src/files/siblings.js';
import { newRecord } from '../src/files/stateStore.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-siblings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recordOf(path: string) {
  const fd = openSync(path, 'r');
  try {
    return newRecord(path, fd, 0, 64);
  } finally {
    closeSync(fd);
  }
}

describe('findSibling', () => {
  it('finds a renamed file by inode, and a copy by its first bytes; skips compressed and followed ones', () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, 'first line of the original\nmore\n');
    const record = recordOf(path);
    renameSync(path, `${path}.1`);
    writeFileSync(`${path}.2.gz`, 'first line of the original\nmore\n');
    const renamed = findSibling(record, 0, new Set());
    expect(renamed?.path).toBe(`${path}.1`);
    closeSync(renamed?.fd as number);

    copyFileSync(`${path}.1`, `${path}-20261201`);
    const copy = findSibling(record, 10, new Set(), true);
    expect(copy?.path).toBe(`${path}-20261201`);
    closeSync(copy?.fd as number);
    const key = (p: string) => `${statSync(p).dev}:${statSync(p).ino}`;
    expect(findSibling(record, 10, new Set([key(`${path}-20261201`), key(`${path}.1`)]), true)).toBeUndefined();
    expect(findSibling(record, 10_000, new Set(), true)).toBeUndefined();
  });
});
