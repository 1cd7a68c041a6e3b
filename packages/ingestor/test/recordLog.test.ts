import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptLogError, RecordLog } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/fixtures.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

async function reopen(path: string, segmentBytes?: number): Promise<{ log: RecordLog; records: string[] }> {
  const records: string[] = [];
  const log = await RecordLog.open({ dir: path, ...(segmentBytes ? { segmentBytes } : {}) }, (r) => records.push(dec(r)));
  return { log, records };
}

describe('RecordLog', () => {
  it('replays appended records in order after a reopen, across segments', async () => {
    dir = tempDir();
    const { log } = await reopen(dir.path, 100);
    const all = Array.from({ length: 30 }, (_, i) => `record-${i}-${'x'.repeat(i)}`);
    for (const r of all) await log.append([enc(r)]);
    await log.close();
    expect(readdirSync(dir.path).length).toBeGreaterThan(1);
    const again = await reopen(dir.path, 100);
    expect(again.records).toEqual(all);
    await again.log.close();
  });

  it('coalesces concurrent appends and reads records back by position', async () => {
    dir = tempDir();
    const { log } = await reopen(dir.path);
    const positions = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([enc(`a${i}`), enc(`b${i}`)])));
    expect(dec(await log.read(positions[7]?.[1] as never))).toBe('b7');
    await log.close();
  });

  it('cuts off a torn tail left by a crash and keeps appending after it', async () => {
    dir = tempDir();
    const { log } = await reopen(dir.path);
    await log.append([enc('one'), enc('two')]);
    await log.close();
    const seg = join(dir.path, '00000001.seg');
    const size = readFileSync(seg).length;
    appendFileSync(seg, Buffer.from([50, 0, 0, 0, 1, 2, 3, 4, 65, 66])); // header of a 50-byte record, 2 bytes of it
    const torn = await reopen(dir.path);
    expect(torn.records).toEqual(['one', 'two']);
    expect(readFileSync(seg).length).toBe(size);
    await torn.log.append([enc('three')]);
    await torn.log.close();
    expect((await reopen(dir.path)).records).toEqual(['one', 'two', 'three']);
  });

  it('drops a tail record whose checksum does not match', async () => {
    dir = tempDir();
    const { log } = await reopen(dir.path);
    await log.append([enc('keep'), enc('damaged')]);
    await log.close();
    const seg = join(dir.path, '00000001.seg');
    const bytes = readFileSync(seg);
    bytes.writeUInt8((bytes.at(-1) ?? 0) ^ 0xff, bytes.length - 1);
    writeFileSync(seg, bytes);
    const r = await reopen(dir.path);
    expect(r.records).toEqual(['keep']);
    await r.log.close();
  });

  it('refuses to open when an older segment is damaged', async () => {
    dir = tempDir();
    const { log } = await reopen(dir.path, 10);
    for (let i = 0; i < 3; i++) await log.append([enc(`segment ${i}`)]);
    await log.close();
    truncateSync(join(dir.path, '00000001.seg'), 5);
    await expect(reopen(dir.path, 10)).rejects.toBeInstanceOf(CorruptLogError);
  });
});
