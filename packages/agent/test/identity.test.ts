import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkKey, fingerprintPath, startsWith } from '../src/files/identity.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file identity', () => {
  it('fingerprints the first bytes and checks a file still starts with them', () => {
    const p = join(dir, 'f.log');
    writeFileSync(p, 'first line\nsecond\n');
    const fp = fingerprintPath(p, 11);
    expect(fp?.len).toBe(11);
    expect(startsWith(p, fp as { len: number; hash: string })).toBe(true);
    writeFileSync(p, 'other line\n');
    expect(startsWith(p, fp as { len: number; hash: string })).toBe(false);
  });

  it('derives the same valid idempotency key from the same agent, file and range only', () => {
    const k = chunkKey('agent', 'file', 0, 100);
    expect(k).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(chunkKey('agent', 'file', 0, 100)).toBe(k);
    expect(new Set([chunkKey('agent', 'file', 0, 101), chunkKey('agent', 'file2', 0, 100), chunkKey('other', 'file', 0, 100)]).has(k)).toBe(
      false,
    );
  });
});
