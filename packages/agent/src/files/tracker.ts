import { closeSync, fstatSync, read } from 'node:fs';
import { promisify } from 'node:util';
import type { Destination } from '../backpressure.js';
import type { FileInputConfig } from '../config/types.js';
import type { InputCounters } from '../counters.js';
import { LineSplitter } from '../inputs/lineSplitter.js';
import type { AgentLog } from '../log.js';
import type { FileContext, RecordParser } from '../mapping/fileParsers.js';
import type { EntryInput } from '../sink.js';
import { Assembler, type AssemblerOptions, type FileRecord } from './assembler.js';
import { type Chunk, ChunkPipeline } from './chunks.js';
import { chunkKey, fingerprintFd } from './identity.js';
import type { FileStateRecord, StateStore } from './stateStore.js';

const readAt = promisify(read);
const MAX_ENTRIES_PER_CHUNK = 1000;
/** A chunk takes at most this part of the client's queue. */
const CHUNK_SHARE = 0.1;
/** At the end of a file, with chunks in flight, a short chunk waits this long for company. */
const LINGER_MS = 100;

export interface TrackerDeps {
  config: FileInputConfig;
  destination: Destination;
  counters: InputCounters;
  store: StateStore;
  agentId: string;
  log: AgentLog;
  parse: RecordParser;
  assembler: AssemblerOptions;
  /** Called once a rotated-away file is read to its end and everything of it is forwarded. */
  onFinished: (tracker: FileTracker) => void;
}

/**
 * Follows one file (one identity: dev+inode and first bytes) and cuts it into chunks of whole
 * records, each keyed hash(agent id, file id, start, end) and delivered by a
 * {@link ChunkPipeline} (write-ahead, then `writeBatch`, then commit). After a crash, the chunks
 * that were in flight are read again from exactly the same bytes — the same records — and sent
 * again under the same keys; the ingestor stores each key once.
 */
export class FileTracker {
  path: string;
  /** The path no longer leads to this file (renamed, deleted, or replaced by a truncated copy). */
  rotated = false;
  size: number;
  #fd: number | undefined;
  #scanPos: number;
  #chunkStart: number;
  readonly #splitter: LineSplitter;
  readonly #assembler: Assembler;
  readonly #chunks: ChunkPipeline;
  #records: FileRecord[] = [];
  #recordsBytes = 0;
  #firstRecordAt = 0;
  #lastData = Date.now();
  #pumping = false;
  #again = false;
  #stopping = false;
  #finishing = false;
  #noMoreReads = false;
  #timer: NodeJS.Timeout | undefined;
  /** The size at which the first bytes were last compared with the fingerprint. */
  #checkedSize = -1;
  readonly #ctx: FileContext;

  constructor(
    readonly record: FileStateRecord,
    path: string,
    fd: number,
    private readonly deps: TrackerDeps,
  ) {
    this.path = path;
    this.#fd = fd;
    this.size = this.#identify(fd);
    record.origin ??= path;
    this.#chunks = new ChunkPipeline(
      record,
      deps,
      () => this.path,
      () => this.kick(),
    );
    this.#chunkStart = this.#chunks.end;
    this.#scanPos = this.#chunkStart;
    this.#assembler = new Assembler(deps.assembler, (r) => this.#addRecord(r));
    this.#splitter = new LineSplitter(deps.config.maxLineBytes, (t, tr, e) => this.#assembler.line(t, tr, e), this.#scanPos);
    const { config } = deps;
    this.#ctx = {
      level: config.level,
      path,
      ...(config.source ? { source: config.source } : {}),
      ...(config.attributes ? { attributes: config.attributes } : {}),
    };
  }

  /** The record follows the file this descriptor reads (it may have moved to a renamed or copied file). */
  #identify(fd: number): number {
    const st = fstatSync(fd);
    this.record.dev = st.dev;
    this.record.ino = st.ino;
    return st.size;
  }

  get key(): string {
    return `${this.record.dev}:${this.record.ino}`;
  }

  /** How far the file has been read. */
  get readPosition(): number {
    return this.#scanPos;
  }

  get inFlight(): number {
    return this.#chunks.size;
  }

  /** The stat size seen by a scan; reading resumes if it grew. */
  grew(size: number): void {
    if (size > this.size) this.size = size;
    if (size > this.#scanPos || this.rotated) this.kick();
  }

  /**
   * Whether the file under this tracker is no longer the one it has been reading: it shrank below
   * what was read, or its first bytes changed (copytruncate, possibly refilled since).
   */
  rewritten(): boolean {
    const fd = this.#fd;
    if (fd === undefined || this.#noMoreReads) return false;
    const size = fstatSync(fd).size;
    if (size < this.#scanPos) return true;
    if (size === this.#checkedSize) return false;
    this.#checkedSize = size;
    return fingerprintFd(fd, this.record.fpLen).hash !== this.record.fp;
  }

  /** Gives up the descriptor (its file now holds other content); no reads until {@link switchTo}. */
  detach(): number | undefined {
    const fd = this.#fd;
    this.#fd = undefined;
    return fd;
  }

  /** Continue from another file with the same content (a copytruncate copy). */
  switchTo(path: string, fd: number): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = fd;
    this.size = this.#identify(fd);
    this.#checkedSize = this.size;
    this.path = path;
    this.rotated = true;
    this.kick();
  }

  /** The file was truncated and no copy holds the rest: forward what was read, then finish. */
  abandon(): number {
    const lost = Math.max(0, this.size - this.#scanPos);
    this.#noMoreReads = true;
    this.rotated = true;
    this.kick();
    return lost;
  }

  kick(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        await this.#step();
      } while (this.#again && !this.#stopping);
    } catch (error) {
      this.deps.log.warn(`reading ${this.path} failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); retrying`);
      this.#later(1000);
    } finally {
      this.#pumping = false;
    }
  }

  #later(ms: number): void {
    if (this.#timer || this.#stopping) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.kick();
    }, ms);
  }

  async #step(): Promise<void> {
    for (const c of this.#chunks.recovered()) {
      c.state = 'persisting';
      this.#chunks.resend(c, await this.#reread(c));
    }
    const { config, destination } = this.deps;
    for (;;) {
      if (this.#stopping || this.#chunks.size >= config.maxInFlightChunks) return;
      if (!destination.gate.open) {
        void destination.gate.whenOpen().then(() => this.kick());
        return;
      }
      if (destination.sink.blocked()) return this.#later(2000);
      const room = this.#recordsBytes < config.chunkBytes && this.#records.length < this.#maxEntries();
      // Scans see growth only while a path leads to the file; a rotated file is asked directly.
      if (this.#scanPos >= this.size && this.#fd !== undefined && !this.#noMoreReads) this.size = fstatSync(this.#fd).size;
      if (room && !this.#noMoreReads && this.#scanPos < this.size && (await this.#readMore())) continue;
      const now = Date.now();
      const idle = now - this.#lastData;
      if (this.#assembler.pending && config.multiline && idle >= config.multiline.timeoutMs) this.#assembler.flush();
      if (this.rotated && !this.#finishing && (this.#noMoreReads || idle >= config.rotateWaitMs)) {
        this.#finishing = true;
        if (!this.#noMoreReads) this.#splitter.end();
        this.#assembler.flush();
      }
      if (this.#records.length === 0) {
        if (this.#finishing && this.#chunks.size === 0) return this.#finish();
        if (this.rotated || this.#assembler.pending) this.#later(Math.min(config.rotateWaitMs, config.multiline?.timeoutMs ?? 1000) + 10);
        return;
      }
      if (room && this.#chunks.size > 0 && now - this.#firstRecordAt < LINGER_MS) return this.#later(LINGER_MS);
      this.#cut();
    }
  }

  #maxEntries(): number {
    return Math.max(1, Math.min(MAX_ENTRIES_PER_CHUNK, Math.floor(this.deps.destination.sink.capacity().entries * CHUNK_SHARE)));
  }

  /** Reads the next piece of the file; false at its current end. */
  async #readMore(): Promise<boolean> {
    const fd = this.#fd;
    if (fd === undefined) return false;
    if (fstatSync(fd).size < this.#scanPos) return false; // truncated: the next scan decides
    const want = this.deps.config.chunkBytes;
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await readAt(fd, buf, 0, want, this.#scanPos);
    if (bytesRead === 0) {
      this.size = this.#scanPos;
      return false;
    }
    this.#lastData = Date.now();
    this.#splitter.push(buf.subarray(0, bytesRead));
    this.#scanPos += bytesRead;
    this.size = Math.max(this.size, this.#scanPos);
    return true;
  }

  #addRecord(r: FileRecord): void {
    if (this.#records.length === 0) this.#firstRecordAt = Date.now();
    this.#records.push(r);
    this.#recordsBytes += r.text.length + 1;
  }

  #entry(r: FileRecord): EntryInput {
    const { entry, failed } = this.deps.parse(r.text, this.#ctx);
    if (failed) this.deps.counters.unparsed++;
    if (r.truncated) {
      this.deps.counters.truncated++;
      entry.attributes = { ...(entry.attributes as Record<string, string>), truncated: 'true' };
    }
    return entry;
  }

  /** Takes whole records up to chunkBytes and hands them to the pipeline as `[start, end)`. */
  #cut(): void {
    const take: FileRecord[] = [];
    let bytes = 0;
    const max = this.#maxEntries();
    while (this.#records.length > 0 && take.length < max) {
      const next = this.#records[0] as FileRecord;
      if (take.length > 0 && bytes + next.text.length + 1 > this.deps.config.chunkBytes) break;
      take.push(this.#records.shift() as FileRecord);
      bytes += next.text.length + 1;
    }
    this.#recordsBytes -= bytes;
    if (this.#records.length > 0) this.#firstRecordAt = Date.now();
    const start = this.#chunkStart;
    const end = (take.at(-1) as FileRecord).end;
    const entries = take.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    this.#chunkStart = end;
    this.#chunks.add(start, end, chunkKey(this.deps.agentId, this.record.id, start, end), entries);
  }

  /** Reads a recovered chunk again, from exactly its bytes, into the same records. */
  async #reread(c: Chunk): Promise<EntryInput[]> {
    const records: FileRecord[] = [];
    const assembler = new Assembler(this.deps.assembler, (r) => records.push(r));
    const splitter = new LineSplitter(this.deps.config.maxLineBytes, (t, tr, e) => assembler.line(t, tr, e), c.start);
    const fd = this.#fd;
    let pos = c.start;
    while (fd !== undefined && pos < c.end) {
      const want = Math.min(this.deps.config.chunkBytes, c.end - pos);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await readAt(fd, buf, 0, want, pos);
      if (bytesRead === 0) break;
      splitter.push(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    if (pos < c.end) this.deps.log.warn(`${this.path} is shorter than a chunk sent before the restart; ${c.end - pos} bytes are gone`);
    splitter.end();
    assembler.flush();
    const entries = records.map((r) => this.#entry(r));
    this.deps.counters.received += entries.length;
    return entries;
  }

  #finish(): void {
    this.#stopping = true;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.deps.onFinished(this);
  }

  /** Stops reading; with `drain`, waits (up to `timeoutMs`) for the chunks being sent to settle. */
  async stop(drain: boolean, timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.record.path = this.path;
    await this.#chunks.stop(drain, timeoutMs);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
