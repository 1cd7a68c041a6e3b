import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileRecord } from '../src/files/assembler.js';
import { FileReader, readRange } from '../src/files/fileReader.js';

const dir = mkdtempSync(join(tmpdir(), 'agent-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { maxLineBytes: 100, chunkBytes: 64, assembler: { maxBytes: 100, start: /^\S/ } };

describe('FileReader and readRange', () => {
  it('reads records on demand; a range read again gives exactly the records it held', async () => {
    const path = join(dir, 'a.log');
    writeFileSync(path, Array.from({ length: 20 }, (_, i) => `entry ${i}\n  detail ${i}\n`).join(''));
    const fd = openSync(path, 'r');
    const reader = new FileReader(fd, 0, options);
    while (await reader.readMore()) {}
    reader.finish();
    const live: FileRecord[] = reader.take(1000, 1 << 20);
    expect(live).toHaveLength(20);
    expect(live[3]?.text).toBe('entry 3\n  detail 3');
    const from = (live[4] as FileRecord).end;
    const to = (live[9] as FileRecord).end;
    const again = await readRange(fd, from, to, options);
    expect(again).toEqual({ records: live.slice(5, 10), short: 0 });
    expect((await readRange(fd, to, to + 10_000, options)).short).toBeGreaterThan(0);
    reader.close();
    closeSync(openSync(path, 'r'));
  });

  it('notices that the file was truncated or rewritten under it', async () => {
    const path = join(dir, 'b.log');
    writeFileSync(path, 'one\ntwo\n');
    const reader = new FileReader(openSync(path, 'r'), 0, options);
    while (await reader.readMore()) {}
    const fp = { len: 4, hash: '' };
    const { createHash } = await import('node:crypto');
    fp.hash = createHash('sha256').update('one\n').digest('hex');
    expect(reader.rewritten(fp)).toBe(false);
    writeFileSync(path, 'x\n');
    expect(reader.rewritten(fp)).toBe(true);
    reader.close();
  });
});
