import { type FileHandle, mkdir, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from '@logflux/core';

/**
 * An append-only log of opaque records in numbered segment files. Each record is framed as
 * `u32 length | u32 CRC-32 | bytes` (little-endian). Appends from concurrent callers are coalesced
 * into one write and one fdatasync (group commit); a caller's promise resolves only after its
 * records are on disk. On open, a torn or corrupt tail of the newest segment (the only place a
 * crash can leave one) is cut off; damage anywhere else stops the open with an error.
 */

export interface RecordPosition {
  segment: number;
  offset: number;
  length: number;
}

export interface RecordLogOptions {
  dir: string;
  /** Start a new segment once the current one reaches this size. */
  segmentBytes?: number;
  /** fdatasync after each group commit (default true; tests of non-durable paths only turn it off). */
  sync?: boolean;
}

const HEADER = 8;
const MAX_RECORD = 64 * 1024 * 1024;
const NAME = /^(\d{8})\.seg$/;

const segmentName = (n: number) => `${String(n).padStart(8, '0')}.seg`;

interface Pending {
  frames: Uint8Array[];
  resolve: (positions: RecordPosition[]) => void;
  reject: (error: unknown) => void;
}

export class CorruptLogError extends Error {
  override readonly name = 'CorruptLogError';
}

export class RecordLog {
  private current!: FileHandle;
  private currentSegment = 0;
  private currentSize = 0;
  private readers = new Map<number, FileHandle>();
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  private broken: unknown;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    private readonly sync: boolean,
  ) {}

  /**
   * Opens (or creates) the log and hands every intact record to `onRecord`, in order, before
   * accepting appends.
   */
  static async open(options: RecordLogOptions, onRecord: (record: Uint8Array, position: RecordPosition) => void): Promise<RecordLog> {
    await mkdir(options.dir, { recursive: true });
    const log = new RecordLog(options.dir, options.segmentBytes ?? 64 * 1024 * 1024, options.sync ?? true);
    const segments = (await readdir(options.dir))
      .map((f) => NAME.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      const end = await log.replaySegment(segment, last, onRecord);
      if (last) {
        log.currentSegment = segment;
        log.currentSize = end;
      }
    }
    if (segments.length === 0) {
      log.currentSegment = 1;
      log.currentSize = 0;
    }
    log.current = await open(join(options.dir, segmentName(log.currentSegment)), 'a');
    if (segments.length === 0) await log.syncDirectory();
    return log;
  }

  private async replaySegment(segment: number, last: boolean, onRecord: (r: Uint8Array, p: RecordPosition) => void): Promise<number> {
    const path = join(this.dir, segmentName(segment));
    const handle = await open(path, 'r+');
    try {
      const size = (await handle.stat()).size;
      const data = new Uint8Array(size);
      if (size > 0) await handle.read(data, 0, size, 0);
      const view = new DataView(data.buffer);
      let offset = 0;
      while (offset < size) {
        const problem = (() => {
          if (offset + HEADER > size) return 'truncated header';
          const length = view.getUint32(offset, true);
          if (length > MAX_RECORD) return 'impossible length';
          if (offset + HEADER + length > size) return 'truncated record';
          if (crc32(data, offset + HEADER, offset + HEADER + length) !== view.getUint32(offset + 4, true)) return 'checksum mismatch';
          return undefined;
        })();
        if (problem) {
          if (!last) throw new CorruptLogError(`segment ${segmentName(segment)} is damaged at byte ${offset} (${problem})`);
          // A crash mid-append leaves an unacknowledged partial record at the tail: cut it off.
          await handle.truncate(offset);
          await handle.datasync();
          return offset;
        }
        const length = view.getUint32(offset, true);
        onRecord(data.subarray(offset + HEADER, offset + HEADER + length), { segment, offset: offset + HEADER, length });
        offset += HEADER + length;
      }
      return offset;
    } finally {
      await handle.close();
    }
  }

  /** Appends records durably; resolves with their positions once they are fsynced. */
  append(records: Uint8Array[]): Promise<RecordPosition[]> {
    if (this.closed) return Promise.reject(new Error('the record log is closed'));
    if (this.broken) return Promise.reject(new Error('the record log failed an earlier write and accepts no more', { cause: this.broken }));
    const frames = records.map((r) => {
      const frame = new Uint8Array(HEADER + r.length);
      const view = new DataView(frame.buffer);
      view.setUint32(0, r.length, true);
      view.setUint32(4, crc32(r), true);
      frame.set(r, HEADER);
      return frame;
    });
    return new Promise((resolve, reject) => {
      this.queue.push({ frames, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (this.currentSize >= this.segmentBytes) await this.rotate();
        const segment = this.currentSegment;
        let offset = this.currentSize;
        const results: RecordPosition[][] = [];
        const all: Uint8Array[] = [];
        for (const p of batch) {
          const positions: RecordPosition[] = [];
          for (const f of p.frames) {
            positions.push({ segment, offset: offset + HEADER, length: f.length - HEADER });
            offset += f.length;
            all.push(f);
          }
          results.push(positions);
        }
        await this.current.writev(all);
        if (this.sync) await this.current.datasync();
        this.currentSize = offset;
        for (const [i, p] of batch.entries()) p.resolve(results[i] as RecordPosition[]);
      } catch (error) {
        // After a failed write the file may end in a partial frame; positions would be wrong, so
        // refuse further appends. A restart cuts the partial frame off.
        this.broken = error;
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(error);
      }
    }
    this.writing = false;
  }

  private async rotate(): Promise<void> {
    await this.current.datasync();
    await this.current.close();
    this.currentSegment++;
    this.currentSize = 0;
    this.current = await open(join(this.dir, segmentName(this.currentSegment)), 'a');
    await this.syncDirectory();
  }

  private async syncDirectory(): Promise<void> {
    const handle = await open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Reads one record back by its position. */
  async read(position: RecordPosition): Promise<Uint8Array> {
    let handle = this.readers.get(position.segment);
    if (!handle) {
      handle = await open(join(this.dir, segmentName(position.segment)), 'r');
      this.readers.set(position.segment, handle);
    }
    const out = new Uint8Array(position.length);
    await handle.read(out, 0, position.length, position.offset);
    return out;
  }

  /** Total bytes on disk across segments. */
  async sizeOnDisk(): Promise<number> {
    let total = 0;
    for (const f of await readdir(this.dir)) if (NAME.test(f)) total += (await stat(join(this.dir, f))).size;
    return total;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writing) await new Promise((r) => setTimeout(r, 1));
    await this.current.close();
    for (const h of this.readers.values()) await h.close();
    this.readers.clear();
  }
}
