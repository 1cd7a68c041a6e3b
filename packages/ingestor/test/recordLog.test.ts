import { appendFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptLogError, RecordLog, StorageUnavailableError } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/fixtures.js';
import { SimulatedDisk } from './helpers/simulatedDisk.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

async function reopen(path: string, segmentBytes?: number, io?: SimulatedDisk): Promise<{ log: RecordLog; records: string[] }> {
  const records: string[] = [];
  const log = await RecordLog.open({ dir: path, ...(segmentBytes ? { segmentBytes } : {}), ...(io ? { io } : {}) }, (r) =>
    records.push(dec(r)),
  );
  return { log, records };
}

/** The records a fresh open replays (the log is closed again). */
async function recordsIn(path: string, segmentBytes?: number): Promise<string[]> {
  const { log, records } = await reopen(path, segmentBytes);
  await log.close();
  return records;
}

/** Appends one record; 'ok' or the errno code it was refused with. */
async function attempt(log: RecordLog, record: string): Promise<string> {
  try {
    await log.append([enc(record)]);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(StorageUnavailableError);
    return (error as StorageUnavailableError).code;
  }
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
    expect(await recordsIn(dir.path)).toEqual(['one', 'two', 'three']);
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

describe('RecordLog: durability under write failures (storage seam)', () => {
  it('finishes short writes and retries EINTR, so every record is whole', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    disk.maxPerWrite = 7;
    disk.interrupts = 3;
    const { log } = await reopen(dir.path, undefined, disk);
    const all = Array.from({ length: 20 }, (_, i) => `short-write-${i}-${'y'.repeat(i * 3)}`);
    await Promise.all(all.map((r) => log.append([enc(r)])));
    await log.close();
    expect(disk.counts.shortWrites).toBeGreaterThan(10);
    expect(disk.counts.eintr).toBe(3);
    expect(await recordsIn(dir.path)).toEqual(all);
  });

  it('never acknowledges a record cut short by ENOSPC, cuts it off, and appends whole records after it', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    const { log } = await reopen(dir.path, undefined, disk);
    expect(await attempt(log, 'acknowledged-1')).toBe('ok');
    disk.free = 10; // the next record's frame only partly fits: a short write, then ENOSPC
    expect(await attempt(log, 'refused-because-the-disk-is-full')).toBe('ENOSPC');
    expect(disk.counts.shortWrites).toBe(1);
    expect(log.health()).toMatchObject({ ok: false, code: 'ENOSPC' });
    const seg = join(dir.path, '00000001.seg');
    expect(readFileSync(seg).length).toBe(8 + 'acknowledged-1'.length); // the partial frame is gone
    disk.free = Number.POSITIVE_INFINITY; // space returns: no restart needed
    expect(await attempt(log, 'acknowledged-2')).toBe('ok');
    expect(log.health()).toEqual({ ok: true });
    await log.close();
    expect(await recordsIn(dir.path)).toEqual(['acknowledged-1', 'acknowledged-2']);
  });

  it('does not acknowledge a batch whose fsync failed, and drops its bytes', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    const { log } = await reopen(dir.path, undefined, disk);
    disk.syncFailures = 1;
    expect(await attempt(log, 'written-but-not-synced')).toBe('EIO');
    expect(await attempt(log, 'acknowledged')).toBe('ok');
    await log.close();
    expect(await recordsIn(dir.path)).toEqual(['acknowledged']);
  });

  it('refuses appends while a partial tail cannot be cut off, then recovers by itself', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    const { log } = await reopen(dir.path, undefined, disk);
    expect(await attempt(log, 'first')).toBe('ok');
    disk.free = 3;
    disk.truncateFailures = 2; // the cut right after the failure, and the one before the next append
    expect(await attempt(log, 'torn')).toBe('ENOSPC');
    disk.free = Number.POSITIVE_INFINITY;
    // Appending after an uncut partial frame would hide this record behind garbage at replay.
    expect(await attempt(log, 'must-not-follow-garbage')).toBe('EIO');
    expect(await log.recover()).toEqual({ ok: true });
    expect(await attempt(log, 'second')).toBe('ok');
    await log.close();
    expect(await recordsIn(dir.path)).toEqual(['first', 'second']);
  });

  it('reports degraded health until a probe write succeeds', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    const { log } = await reopen(dir.path, undefined, disk);
    disk.free = 0;
    expect(await attempt(log, 'x')).toBe('ENOSPC');
    const since = (log.health() as { since: string }).since;
    expect(await log.recover()).toMatchObject({ ok: false, code: 'ENOSPC', since });
    disk.free = 1024 * 1024;
    expect(await log.recover()).toEqual({ ok: true });
    expect(readdirSync(dir.path)).toEqual(['00000001.seg']); // the probe file is removed
    await log.close();
  });

  it('keeps using the current segment when starting the next one fails', async () => {
    dir = tempDir();
    const disk = new SimulatedDisk();
    const { log } = await reopen(dir.path, 16, disk);
    expect(await attempt(log, 'fills-segment-one')).toBe('ok');
    disk.syncFailures = 1; // rotation fsyncs the full segment first
    expect(await attempt(log, 'refused')).toBe('EIO');
    expect(await attempt(log, 'goes-to-segment-two')).toBe('ok');
    await log.close();
    expect(await recordsIn(dir.path, 16)).toEqual(['fills-segment-one', 'goes-to-segment-two']);
  });
});
