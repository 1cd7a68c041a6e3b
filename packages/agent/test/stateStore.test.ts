import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FileStateRecord, StateStore } from '../src/files/stateStore.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (offset: number): FileStateRecord => ({
  v: 1,
  id: 'r1',
  path: '/x',
  dev: 1,
  ino: 2,
  fpLen: 0,
  fp: '',
  offset,
  inflight: [],
  seenAt: 0,
});

describe('StateStore', () => {
  it('writes each record atomically (0600), coalescing saves, and reads back only whole records', async () => {
    const store = new StateStore(join(dir, 's'));
    const saves = [1, 2, 3, 4, 5].map((n) => store.save(record(n)));
    await Promise.all(saves);
    const file = join(dir, 's', 'r1.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).offset).toBe(5);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 's', '.r2.tmp'), '{"v":1,"id":"r2","off');
    writeFileSync(join(dir, 's', 'r3.json'), '{"torn');
    expect(new StateStore(join(dir, 's')).loadAll().map((r) => r.offset)).toEqual([5]);
    store.remove('r1');
    expect(readdirSync(join(dir, 's')).filter((n) => n.endsWith('.json'))).toEqual(['r3.json']);
  });
});
