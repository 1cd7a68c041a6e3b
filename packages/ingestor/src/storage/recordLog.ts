import { type FileHandle, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type LogFileIo, nodeFileIo, probeWrite, type SegmentFile, writeFully } from './segmentFile.js';
import { CorruptLogError, FRAME_HEADER, frameRecord, type RecordPosition, replaySegment } from './segmentReplay.js';
import { type StorageHealth, StorageUnavailableError } from './storageError.js';

/**
 * An append-only log of opaque records in numbered segment files (framing and replay in
 * segmentReplay.ts). Appends from concurrent callers are coalesced into one write and one
 * fdatasync (group commit). A caller's promise resolves only once every byte of its records has
 * been written and fsynced; any failure on the way (short write followed by ENOSPC, EIO, a failed
 * fsync) rejects it with {@link StorageUnavailableError}, and the bytes that did reach the file are
 * cut off (truncated back to the end of the last whole record) before anything else is appended.
 * While it cannot write, {@link RecordLog.health} says so; the next successful append or
 * {@link RecordLog.recover} clears it, with no restart.
 */

export { CorruptLogError, type RecordPosition };

export interface RecordLogOptions {
  dir: string;
  /** Start a new segment once the current one reaches this size. */
  segmentBytes?: number;
  /** fdatasync after each group commit (default true; tests of non-durable paths only turn it off). */
  sync?: boolean;
  /** The write path to the disk (default: the real file system); tests inject failures here. */
  io?: LogFileIo;
}

const NAME = /^(\d{8})\.seg$/;
const PROBE_FILE = '.probe';

const segmentName = (n: number) => `${String(n).padStart(8, '0')}.seg`;

interface Pending {
  frames: Uint8Array[];
  resolve: (positions: RecordPosition[]) => void;
  reject: (error: unknown) => void;
}

export class RecordLog {
  private current!: SegmentFile;
  private currentSegment = 0;
  /** End of the last whole, fsynced record of the current segment. */
  private currentSize = 0;
  /** The current segment may hold bytes past `currentSize` (a failed append) to cut off first. */
  private dirty = false;
  private failure: Extract<StorageHealth, { ok: false }> | undefined;
  private readers = new Map<number, FileHandle>();
  private queue: Pending[] = [];
  private writing = false;
  /** The running drain loop, if any. */
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    private readonly sync: boolean,
    private readonly io: LogFileIo,
  ) {}

  /**
   * Opens (or creates) the log and hands every intact record to `onRecord`, in order, before
   * accepting appends.
   */
  static async open(options: RecordLogOptions, onRecord: (record: Uint8Array, position: RecordPosition) => void): Promise<RecordLog> {
    await mkdir(options.dir, { recursive: true });
    const log = new RecordLog(options.dir, options.segmentBytes ?? 64 * 1024 * 1024, options.sync ?? true, options.io ?? nodeFileIo);
    const segments = (await readdir(options.dir))
      .map((f) => NAME.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      const end = await replaySegment(join(options.dir, segmentName(segment)), segment, last, onRecord);
      if (last) {
        log.currentSegment = segment;
        log.currentSize = end;
      }
    }
    if (segments.length === 0) log.currentSegment = 1;
    log.current = await log.io.open(log.segmentPath(log.currentSegment));
    if (segments.length === 0) await log.syncDirectory();
    await rm(join(options.dir, PROBE_FILE), { force: true });
    return log;
  }

  private segmentPath(n: number): string {
    return join(this.dir, segmentName(n));
  }

  /** Appends records durably; resolves with their positions once every byte is fsynced. */
  append(records: Uint8Array[]): Promise<RecordPosition[]> {
    if (this.closed) return Promise.reject(new Error('the record log is closed'));
    const frames = records.map(frameRecord);
    return new Promise((resolve, reject) => {
      this.queue.push({ frames, resolve, reject });
      this.startDrain();
    });
  }

  /** Writable, or failing since when and why. */
  health(): StorageHealth {
    return this.failure ?? { ok: true };
  }

  /**
   * After a failure: cuts off a partial tail and proves the disk takes a write again (a 64 KiB
   * probe file, fsynced, then removed). Clears the failure on success. Does nothing while healthy
   * or while appends are being written (their outcome decides).
   */
  async recover(): Promise<StorageHealth> {
    if (!this.failure) return this.health();
    if (this.draining) await this.draining;
    if (!this.failure || this.writing || this.closed) return this.health();
    this.writing = true;
    try {
      await this.cutTail();
      await probeWrite(this.io, join(this.dir, PROBE_FILE));
      this.failure = undefined;
    } catch (error) {
      this.noteFailure('write a probe file', error);
    } finally {
      this.writing = false;
      this.startDrain();
    }
    return this.health();
  }

  private noteFailure(operation: string, error: unknown): StorageUnavailableError {
    const failure = error instanceof StorageUnavailableError ? error : new StorageUnavailableError(operation, error);
    this.failure = { ok: false, code: failure.code, since: this.failure?.since ?? new Date().toISOString(), message: failure.message };
    return failure;
  }

  /** Truncates the current segment back to its last whole record, if a failed append left more. */
  private async cutTail(): Promise<void> {
    if (!this.dirty) return;
    try {
      await this.current.truncate(this.currentSize);
      await this.current.datasync();
    } catch (error) {
      throw new StorageUnavailableError('cut off a partial record', error);
    }
    this.dirty = false;
  }

  private startDrain(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const run = this.drain();
    this.draining = run;
    void run.then(() => {
      if (this.draining === run) this.draining = undefined;
    });
  }

  /** Commits queued appends group by group until the queue is empty (never rejects). */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        const results = await this.commit(batch.map((p) => p.frames));
        this.failure = undefined;
        for (const [i, p] of batch.entries()) p.resolve(results[i] as RecordPosition[]);
      } catch (error) {
        const failure = this.noteFailure('append to the log', error);
        // Leave the file ending in whole records right away where the disk allows it.
        await this.cutTail().catch(() => {});
        for (const p of batch) p.reject(failure);
      }
    }
    this.writing = false;
  }

  /** Writes and fsyncs one group of callers' frames; the positions per caller. */
  private async commit(groups: Uint8Array[][]): Promise<RecordPosition[][]> {
    await this.cutTail();
    if (this.currentSize >= this.segmentBytes) await this.rotate();
    const segment = this.currentSegment;
    let offset = this.currentSize;
    const all: Uint8Array[] = [];
    const results = groups.map((frames) =>
      frames.map((f) => {
        const position = { segment, offset: offset + FRAME_HEADER, length: f.length - FRAME_HEADER };
        offset += f.length;
        all.push(f);
        return position;
      }),
    );
    this.dirty = true;
    await writeFully(this.current, all);
    if (this.sync) await this.current.datasync();
    this.currentSize = offset;
    this.dirty = false;
    return results;
  }

  /** Starts the next segment; on any failure the current one stays in use. */
  private async rotate(): Promise<void> {
    if (this.sync) await this.current.datasync();
    const next = await this.io.open(this.segmentPath(this.currentSegment + 1));
    try {
      await this.syncDirectory();
    } catch (error) {
      await next.close().catch(() => {});
      throw error;
    }
    await this.current.close().catch(() => {});
    this.current = next;
    this.currentSegment++;
    this.currentSize = 0;
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
      handle = await open(this.segmentPath(position.segment), 'r');
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
    while (this.writing) await (this.draining ?? new Promise((r) => setTimeout(r, 1)));
    await this.cutTail().catch(() => {});
    await this.current.close();
    for (const h of this.readers.values()) await h.close();
    this.readers.clear();
  }
}
